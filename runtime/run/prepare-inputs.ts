import { LakeformError } from "../errors.ts";
import type { AssetGraph } from "../graph/asset-graph.ts";
import type { AssetNode } from "../graph/asset-node.ts";
import type { InputRelation } from "../engine/engine.ts";
import { refsOf } from "../model/sql-template.ts";
import { parentPartitions } from "../partitions/partition-keys.ts";
import type { StateStore } from "../state/state-store.ts";
import type { ObjectStore } from "../storage/object-store.ts";

/** The published data of `key` in `partitions` (or all of them) as an engine input. */
export async function publishedRelation(graph: AssetGraph, state: StateStore, store: ObjectStore, key: string, partitions?: readonly string[]): Promise<{ relation: InputRelation; found: readonly string[] }> {
  const node = graph.get(key);
  const versions = await state.publishedVersions(key, partitions);
  return {
    relation: { key, files: versions.flatMap((v) => v.files.map((f) => store.locationOf(f))), columns: node.columns, hasLoadMetadata: node.kind === "source" },
    found: versions.map((v) => v.partition),
  };
}

/**
 * The inputs of one partition of `node`: each parent's published data, restricted to the
 * partitions its mapping selects. A parent never materialised is an error naming it and the
 * fix; an identity-mapped partition that is missing is too. Time-window mappings may find
 * only some partitions (late-arrival windows reach into partitions that do not exist yet).
 */
export async function prepareInputs(graph: AssetGraph, state: StateStore, store: ObjectStore, node: AssetNode, partition: string): Promise<Map<string, InputRelation>> {
  const inputs = new Map<string, InputRelation>();
  for (const dependency of node.dependencies) {
    const parent = graph.get(dependency.key);
    const wanted = parentPartitions(node.partitions, partition, parent.partitions, dependency.partitions);
    const { relation, found } = await publishedRelation(graph, state, store, parent.key, wanted === "all" ? undefined : wanted);
    const any = found.length > 0 || (await state.publishedVersions(parent.key)).length > 0;
    if (!any) {
      throw new LakeformError(`Asset "${node.key}": its dependency "${parent.key}" has never been materialised. Fix: run \`lakeform materialize +${node.key}\` to build it with its upstream.`);
    }
    if (dependency.partitions.kind === "identity" && wanted !== "all" && found.length < wanted.length) {
      const missing = wanted.filter((k) => !found.includes(k));
      throw new LakeformError(`Asset "${node.key}": partition ${missing.join(", ")} of its dependency "${parent.key}" has never been materialised. Fix: run \`lakeform materialize ${parent.key} --partition ${missing[0] ?? ""}\`.`);
    }
    inputs.set(parent.key, relation);
  }
  return inputs;
}

/** Published data of assets that checks read: relationships targets and refs in custom SQL checks (all partitions). */
export async function prepareCheckTargets(graph: AssetGraph, state: StateStore, store: ObjectStore, node: AssetNode): Promise<Map<string, InputRelation>> {
  const keys = new Set<string>();
  for (const check of node.checks) {
    if (check.kind === "relationships") keys.add(check.to);
    if (check.kind === "sql") for (const ref of refsOf(check.query)) keys.add(ref.key);
  }
  const targets = new Map<string, InputRelation>();
  for (const key of keys) targets.set(key, (await publishedRelation(graph, state, store, key)).relation);
  return targets;
}
