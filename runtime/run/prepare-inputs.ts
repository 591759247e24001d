import { LakeformError } from "../core/errors.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { AssetNode } from "../core/graph/asset-node.ts";
import type { Engine, InputRelation } from "../engines/engine.ts";
import { refsOf } from "../core/declare/sql-template.ts";
import { parentPartitions } from "../core/partitions/partition-keys.ts";
import { windowOf } from "../core/partitions/time-window.ts";
import type { StateStore } from "../state/state-store.ts";
import { assertSizesMatch } from "./damaged-files.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { upstreamWaitingReason, WaitingForUpstream } from "./waiting-for-data.ts";

/**
 * Whether `parentPartition` is read ahead of `partition`'s own window (a late-arrival window
 * reaching into later days): optional data, so its absence does not make the child wait.
 */
export function readsAhead(node: AssetNode, partition: string, parent: AssetNode, parentPartition: string): boolean {
  if (node.partitions?.kind !== "time" || parent.partitions?.kind !== "time") return false;
  return windowOf(parent.partitions, parentPartition).start >= windowOf(node.partitions, partition).end;
}

/** Throws {@link WaitingForUpstream} when the newest attempt at `parent` (or one of its `partitions`) is waiting for data. */
async function throwIfWaiting(state: StateStore, parent: string, partitions: readonly string[] | undefined): Promise<void> {
  for (const partition of partitions ?? [undefined]) {
    const [latest] = await state.materialisationHistory(parent, { limit: 1, ...(partition === undefined ? {} : { partition }) });
    if (latest?.status === "waiting") throw new WaitingForUpstream(upstreamWaitingReason(parent, latest.partition, latest.reason));
  }
}

/**
 * The published data of `key` in `partitions` (or all of them) as an input of `engine`. Each
 * file's size is checked against the size it was published with first: a file changed since is a
 * `DamagedVersionError` naming the asset, partition and file, never data read silently. An engine
 * that reads published data from its warehouse (`Engine.publishedInputs`: BigQuery) is given
 * the published partitions the state store knows, and reads them from there.
 */
export async function publishedRelation(graph: AssetGraph, state: StateStore, store: ObjectStore, key: string, partitions?: readonly string[], engine?: Pick<Engine, "publishedInputs">): Promise<{ relation: InputRelation; found: readonly string[] }> {
  const node = graph.get(key);
  const versions = await state.publishedVersions(key, partitions);
  if (engine?.publishedInputs !== undefined) return { relation: engine.publishedInputs(node, versions.map((v) => v.partition)), found: versions.map((v) => v.partition) };
  await assertSizesMatch(store, versions);
  return {
    relation: { key, files: versions.flatMap((v) => v.files.map((f) => store.locationOf(f))), columns: node.columns, hasLoadMetadata: node.kind === "source" },
    found: versions.map((v) => v.partition),
  };
}

/**
 * The inputs of one partition of `node` on `engine`: each parent's published data, restricted to the
 * partitions its mapping selects (files in the store, or the engine's warehouse tables). A parent never materialised is an error naming it and the
 * fix; an identity-mapped partition that is missing is too. A parent (partition) it needs that is
 * waiting for data makes this partition wait too ({@link WaitingForUpstream}) — partitions read
 * ahead of its own window (late arrivals) are optional. Time-window mappings may find
 * only some partitions (late-arrival windows reach into partitions that do not exist yet).
 */
export async function prepareInputs(graph: AssetGraph, state: StateStore, store: ObjectStore, node: AssetNode, partition: string, engine?: Pick<Engine, "publishedInputs">): Promise<Map<string, InputRelation>> {
  const inputs = new Map<string, InputRelation>();
  for (const dependency of node.dependencies) {
    const parent = graph.get(dependency.key);
    const wanted = parentPartitions(node.partitions, partition, parent.partitions, dependency.partitions);
    const { relation, found } = await publishedRelation(graph, state, store, parent.key, wanted === "all" ? undefined : wanted, engine);
    const any = found.length > 0 || (await state.publishedVersions(parent.key)).length > 0;
    if (!any) {
      await throwIfWaiting(state, parent.key, undefined);
      throw new LakeformError(`Asset "${node.key}": its dependency "${parent.key}" has never been materialised. Fix: run \`lakeform materialize +${node.key}\` to build it with its upstream.`);
    }
    if (wanted !== "all" && found.length < wanted.length) {
      const missing = wanted.filter((k) => !found.includes(k));
      await throwIfWaiting(state, parent.key, missing.filter((k) => !readsAhead(node, partition, parent, k)));
    }
    if (dependency.partitions.kind === "identity" && wanted !== "all" && found.length < wanted.length) {
      const missing = wanted.filter((k) => !found.includes(k));
      throw new LakeformError(`Asset "${node.key}": partition ${missing.join(", ")} of its dependency "${parent.key}" has never been materialised. Fix: run \`lakeform materialize ${parent.key} --partition ${missing[0] ?? ""}\`.`);
    }
    inputs.set(parent.key, relation);
  }
  return inputs;
}

/** Published data of assets that checks read: relationships targets and refs in custom SQL checks (all partitions), as `engine` reads them (see {@link publishedRelation}). */
export async function prepareCheckTargets(graph: AssetGraph, state: StateStore, store: ObjectStore, node: AssetNode, engine?: Pick<Engine, "publishedInputs">): Promise<Map<string, InputRelation>> {
  const keys = new Set<string>();
  for (const check of node.checks) {
    if (check.kind === "relationships") keys.add(check.to);
    if (check.kind === "sql") for (const ref of refsOf(check.query)) keys.add(ref.key);
  }
  const targets = new Map<string, InputRelation>();
  for (const key of keys) targets.set(key, (await publishedRelation(graph, state, store, key, undefined, engine)).relation);
  return targets;
}
