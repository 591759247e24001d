import type { AnyAssetDefinition, AssetRef } from "../declare/asset-ref.ts";
import type { AssetDefinition } from "../declare/asset.ts";
import type { PartitionMapping } from "../declare/partition-mapping.ts";
import { refsOf } from "../declare/sql-template.ts";

/** A dependency as declared: the mapping is still optional. */
export interface DeclaredDependency {
  readonly key: string;
  readonly partitions: PartitionMapping | undefined;
  readonly via: "ref" | "deps";
}

function refsOfCompute(definition: AssetDefinition): readonly AssetRef[] {
  const compute = definition.compute;
  switch (compute.kind) {
    case "sql":
      return refsOf(compute);
    case "fn":
      return Object.values(compute.inputs);
    case "spark":
      return compute.inputs;
    case "ingest":
      return [];
  }
}

function keyOfDep(dep: AnyAssetDefinition | AssetRef | string): { key: string; partitions: PartitionMapping | undefined } {
  if (typeof dep === "string") return { key: dep, partitions: undefined };
  return { key: dep.key, partitions: dep.kind === "ref" ? dep.partitions : undefined };
}

/**
 * The parents an asset names, in declaration order, one entry per parent key: `ref()`s in
 * its compute first, then `deps`. A parent referenced twice keeps its first mapping.
 */
export function declaredDependencies(definition: AssetDefinition): readonly DeclaredDependency[] {
  let dependencies = memo.get(definition);
  if (dependencies === undefined) {
    dependencies = Object.freeze(collect(definition));
    memo.set(definition, dependencies);
  }
  return dependencies;
}

const memo = new WeakMap<AssetDefinition, readonly DeclaredDependency[]>();

function collect(definition: AssetDefinition): DeclaredDependency[] {
  const found = new Map<string, DeclaredDependency>();
  for (const ref of refsOfCompute(definition)) {
    if (!found.has(ref.key)) found.set(ref.key, { key: ref.key, partitions: ref.partitions, via: "ref" });
  }
  for (const dep of definition.deps) {
    const { key, partitions } = keyOfDep(dep);
    if (!found.has(key)) found.set(key, { key, partitions, via: "deps" });
  }
  return [...found.values()];
}
