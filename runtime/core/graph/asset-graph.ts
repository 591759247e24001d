import { LakeformError } from "../errors.ts";
import { selectKeys } from "../selection/select-keys.ts";
import type { AssetNode } from "./asset-node.ts";
import { didYouMean } from "../did-you-mean.ts";

/**
 * The validated, frozen graph of assets that everything downstream takes: the infrastructure
 * compiler, the governance rules and the runtime. Built once by `buildAssetGraph`.
 */
export class AssetGraph {
  /** Every key, in topological order (check targets before the assets whose checks read them): by level, then alphabetically. */
  readonly keys: readonly string[];
  readonly #nodes: ReadonlyMap<string, AssetNode>;
  readonly #children: ReadonlyMap<string, readonly string[]>;
  readonly #position: ReadonlyMap<string, number>;

  /** @internal Use `buildAssetGraph`. */
  constructor(nodes: readonly AssetNode[]) {
    this.keys = Object.freeze(nodes.map((n) => n.key));
    this.#nodes = new Map(nodes.map((n) => [n.key, n]));
    this.#position = new Map(this.keys.map((key, i) => [key, i]));
    const children = new Map<string, string[]>(this.keys.map((k) => [k, []]));
    for (const node of nodes) for (const dependency of node.dependencies) children.get(dependency.key)?.push(node.key);
    for (const list of children.values()) Object.freeze(list);
    this.#children = children;
    Object.freeze(this);
  }

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.#nodes.has(key);
  }

  /** The node of `key`; throws a LakeformError with "did you mean" when there is none. */
  get(key: string): AssetNode {
    const node = this.#nodes.get(key);
    if (node === undefined) {
      const hint = didYouMean(key, this.keys);
      throw new LakeformError(`No asset "${key}" in the catalog. Fix: ${hint ? `${hint} ` : ""}Run \`lakeform list\` to see the keys.`);
    }
    return node;
  }

  /** Every node, in topological order. */
  nodes(): AssetNode[] {
    return this.keys.map((key) => this.get(key));
  }

  /** Direct parents of `key`, in declaration order. */
  parents(key: string): readonly string[] {
    return this.get(key).dependencies.map((d) => d.key);
  }

  /** Direct children of `key`, alphabetically within topological order. */
  children(key: string): readonly string[] {
    this.get(key);
    return this.#children.get(key) ?? [];
  }

  /**
   * Every ancestor of `keys` (not the keys themselves, unless one is another's ancestor), in
   * topological order; `depth` limits the hops. Ancestors include the assets checks read
   * (`relationships` targets, `ref()`s in `sql` checks), since a run must build them first.
   */
  upstream(keys: string | readonly string[], depth = Infinity): string[] {
    return this.sortTopologically(this.#walk(typeof keys === "string" ? [keys] : keys, (k) => this.#mustPrecede(k), depth));
  }

  /** Every descendant of `keys`, in topological order; `depth` limits the hops. */
  downstream(keys: string | readonly string[], depth = Infinity): string[] {
    return this.sortTopologically(this.#walk(typeof keys === "string" ? [keys] : keys, (k) => this.children(k), depth));
  }

  /**
   * The keys a selection names, in topological order. Syntax as Dagster's: `clean/orders`,
   * `+key` (with upstream), `key+` (with downstream), `2+key` (two hops), `tag:pii`,
   * `group:sales`, `owner:team:growth`, `tier:curated`, `kind:source`, `raw/*`, `*`, combined
   * with `and`, `or` (or a comma or a space), `not` and parentheses.
   * @throws SelectionError on bad syntax or an unknown key.
   */
  select(selection: string): string[] {
    return this.sortTopologically(selectKeys(this, selection));
  }

  /** `keys` in the graph's topological order. */
  sortTopologically(keys: Iterable<string>): string[] {
    return [...keys].sort((a, b) => (this.#position.get(a) ?? 0) - (this.#position.get(b) ?? 0));
  }

  /** What a run builds before `key`: its parents, then the other assets its checks read. */
  #mustPrecede(key: string): readonly string[] {
    const node = this.get(key);
    return node.checkTargets.length === 0 ? this.parents(key) : [...new Set([...this.parents(key), ...node.checkTargets])];
  }

  /** Breadth-first from all of `start` at once, so a walk from many keys costs one pass. */
  #walk(start: readonly string[], next: (key: string) => readonly string[], depth: number): Set<string> {
    const found = new Set<string>();
    let frontier = start;
    for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
      const following: string[] = [];
      for (const key of frontier) {
        for (const k of next(key)) {
          if (!found.has(k)) {
            found.add(k);
            following.push(k);
          }
        }
      }
      frontier = following;
    }
    return found;
  }
}
