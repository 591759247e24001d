import fc from "fast-check";
import type { AssetDefinition } from "lakeform";
import { anAsset } from "./declare.ts";

/** A random DAG description: node i may depend on any node j < i. */
export interface RandomDag {
  readonly keys: readonly string[];
  readonly parents: readonly (readonly string[])[];
  readonly tags: readonly (readonly string[])[];
  readonly groups: readonly string[];
}

export const randomDag: fc.Arbitrary<RandomDag> = fc.integer({ min: 1, max: 25 }).chain((size) =>
  fc.record({
    keys: fc.constant(Array.from({ length: size }, (_, i) => `clean/n${String(i).padStart(2, "0")}`)),
    parents: fc.tuple(...Array.from({ length: size }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => `clean/n${String(j).padStart(2, "0")}`), { maxLength: Math.min(4, i) }))),
    tags: fc.tuple(...Array.from({ length: size }, () => fc.subarray(["pii", "kpi", "finance"]))),
    groups: fc.tuple(...Array.from({ length: size }, () => fc.constantFrom("sales", "marketing"))),
  }),
);

/** Declarations for a random DAG, in the given order of indexes. */
export function declare(dag: RandomDag, order: readonly number[] = dag.keys.map((_, i) => i)): AssetDefinition[] {
  return order.map((i) => anAsset(dag.keys[i] ?? "", dag.parents[i] ?? [], { tags: dag.tags[i] ?? [], group: dag.groups[i] ?? "sales" }));
}

/** Ancestors of `key` by plain depth-first search, as an oracle. */
export function ancestors(dag: RandomDag, key: string): Set<string> {
  const found = new Set<string>();
  const visit = (k: string) => {
    for (const parent of dag.parents[dag.keys.indexOf(k)] ?? []) {
      if (!found.has(parent)) {
        found.add(parent);
        visit(parent);
      }
    }
  };
  visit(key);
  return found;
}

/** Descendants of `key` by plain search, as an oracle. */
export function descendants(dag: RandomDag, key: string): Set<string> {
  return new Set(dag.keys.filter((k) => ancestors(dag, k).has(key)));
}
