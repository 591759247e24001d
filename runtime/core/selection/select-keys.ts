import { SelectionError } from "../errors.ts";
import { TIERS } from "../declare/asset.ts";
import { didYouMean } from "../did-you-mean.ts";
import { parseSelection } from "./parse-selection.ts";
import type { SelectionNode } from "./selection-ast.ts";

/**
 * What a selection is evaluated over: the asset graph, seen through the few things selections
 * ask of it (so that selection depends on no graph code, and the graph may offer `select`).
 */
export interface SelectableGraph {
  readonly keys: readonly string[];
  has(key: string): boolean;
  get(key: string): { readonly tags: readonly string[]; readonly group: string | undefined; readonly owners: readonly string[]; readonly tier: string; readonly kind: string };
  upstream(keys: readonly string[], depth: number): Iterable<string>;
  downstream(keys: readonly string[], depth: number): Iterable<string>;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\?]/g, "\\$&").replace(/\*\*/g, "\u0000").replace(/\*/g, "[^/]*").replace(/\u0000/g, ".*");
  return new RegExp(`^${escaped}$`);
}

function attributeMatcher(node: Extract<SelectionNode, { kind: "attribute" }>, graph: SelectableGraph, text: string): (key: string) => boolean {
  const { name, value } = node;
  switch (name) {
    case "key": {
      if (value.includes("*")) {
        const pattern = globToRegExp(value);
        return (key) => pattern.test(key);
      }
      if (!graph.has(value)) {
        const hint = didYouMean(value, graph.keys);
        throw new SelectionError(`Selection "${text}": no asset "${value}". Fix: ${hint ? `${hint} ` : ""}Run \`lakeform list\` to see the keys.`);
      }
      return (key) => key === value;
    }
    case "tag":
      return (key) => graph.get(key).tags.includes(value);
    case "group":
      return (key) => graph.get(key).group === value;
    case "owner":
      return (key) => graph.get(key).owners.includes(value);
    case "tier":
      if (!TIERS.includes(value as never)) throw new SelectionError(`Selection "${text}": "${value}" is not a tier. Fix: use tier:raw, tier:clean or tier:curated.`);
      return (key) => graph.get(key).tier === value;
    case "kind":
      if (value !== "asset" && value !== "source") throw new SelectionError(`Selection "${text}": kind "${value}" is unknown. Fix: use kind:asset or kind:source.`);
      return (key) => graph.get(key).kind === value;
  }
}

function evaluate(node: SelectionNode, graph: SelectableGraph, text: string): Set<string> {
  switch (node.kind) {
    case "all":
      return new Set(graph.keys);
    case "attribute":
      return new Set(graph.keys.filter(attributeMatcher(node, graph, text)));
    case "lineage": {
      const base = evaluate(node.inner, graph, text);
      const result = new Set(base);
      if (node.up > 0) for (const k of graph.upstream([...base], node.up)) result.add(k);
      if (node.down > 0) for (const k of graph.downstream([...base], node.down)) result.add(k);
      return result;
    }
    case "and": {
      const right = evaluate(node.right, graph, text);
      return new Set([...evaluate(node.left, graph, text)].filter((k) => right.has(k)));
    }
    case "or":
      return new Set([...evaluate(node.left, graph, text), ...evaluate(node.right, graph, text)]);
    case "not": {
      const excluded = evaluate(node.inner, graph, text);
      return new Set(graph.keys.filter((k) => !excluded.has(k)));
    }
  }
}

/** The set of keys `selection` names in `graph` (unordered). */
export function selectKeys(graph: SelectableGraph, selection: string): Set<string> {
  return evaluate(parseSelection(selection), graph, selection);
}
