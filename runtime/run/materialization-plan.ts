import type { AssetGraph } from "../core/graph/asset-graph.ts";
import { LakeformError } from "../core/errors.ts";
import type { PartitionsSpec } from "../core/declare/partitions.ts";
import { partitionKeyProblem, partitionRange, UNPARTITIONED } from "../core/partitions/partition-keys.ts";
import { retainedPartitions } from "../core/partitions/retention.ts";
import { firstKey, keyAt, keysOverlapping, shiftKey, windowOf } from "../core/partitions/time-window.ts";
import { daily, hourly, monthly } from "../core/declare/partitions.ts";

/** One asset of a run and the partitions to materialise (`[""]` when unpartitioned). */
export interface PlanStep {
  readonly key: string;
  readonly partitions: readonly string[];
}

/** What a run will do, in dependency order. Plain data: printable, testable, built without effects. */
export interface MaterializationPlan {
  readonly selection: string;
  readonly steps: readonly PlanStep[];
}

/**
 * Which partitions to run: one key, a range, every partition that should exist by now, or (by
 * default) each asset's latest completed one. A range with an open end runs from the asset's
 * first partition, or up to its latest completed one.
 */
export type PartitionRequest =
  | { readonly kind: "latest" }
  | { readonly kind: "all" }
  | { readonly kind: "one"; readonly key: string }
  | { readonly kind: "range"; readonly from: string | undefined; readonly to: string | undefined };

/** The time window a key names in any granularity (`2024-01-05` → that day), or undefined. */
function windowOfAnyKey(key: string, timezone: string): { start: Date; end: Date } | undefined {
  for (const spec of [daily({ start: "1970-01-01", timezone }), hourly({ start: "1970-01-01", timezone }), monthly({ start: "1970-01", timezone })]) {
    if (partitionKeyProblem(spec, key) === undefined) return windowOf(spec, key);
  }
  return undefined;
}

function partitionsFor(key: string, spec: PartitionsSpec | undefined, retentionDays: number | undefined, request: PartitionRequest, now: Date): string[] {
  if (spec === undefined) return [UNPARTITIONED];
  // Every partition that should exist: from the first one its retention keeps.
  if (request.kind === "all") return retainedPartitions(spec, retentionDays, now);
  if (request.kind === "latest") {
    if (spec.kind === "static") return [...spec.keys];
    const latest = shiftKey(spec, keyAt(spec, now), -1);
    return partitionKeyProblem(spec, latest) === undefined ? [latest] : [];
  }
  const latest = spec.kind === "static" ? spec.keys[spec.keys.length - 1] : shiftKey(spec, keyAt(spec, now), -1);
  const from = request.kind === "one" ? request.key : (request.from ?? (spec.kind === "static" ? spec.keys[0] : firstKey(spec)) ?? "");
  const to = request.kind === "one" ? request.key : (request.to ?? latest ?? "");
  if (request.kind === "range" && request.to === undefined && partitionKeyProblem(spec, to) !== undefined) return [];
  if (spec.kind === "time" && (partitionKeyProblem(spec, from) !== undefined || partitionKeyProblem(spec, to) !== undefined)) {
    // A key of another granularity names a span of time: run this asset's windows overlapping it.
    const start = windowOfAnyKey(from, spec.timezone)?.start;
    const end = windowOfAnyKey(to, spec.timezone)?.end;
    if (start !== undefined && end !== undefined && start < end) return keysOverlapping(spec, { start, end }).filter((k) => partitionKeyProblem(spec, k) === undefined);
  }
  const problem = partitionKeyProblem(spec, from) ?? partitionKeyProblem(spec, to);
  if (problem !== undefined) throw new LakeformError(`Asset "${key}": partition ${problem}. Fix: pass one of its partition keys, or select it separately.`);
  return partitionRange(spec, from, to);
}

/**
 * Plans materialising `keys` (in topological order): each asset with the partitions the
 * request names. A time key of another granularity selects the overlapping windows, so
 * `--partition 2024-01-05` runs a day of an hourly asset and the month of a monthly one.
 */
export function planMaterialization(graph: AssetGraph, selection: string, keys: readonly string[], request: PartitionRequest, now: Date): MaterializationPlan {
  const steps = keys.map((key) => ({ key, partitions: Object.freeze(partitionsFor(key, graph.get(key).partitions, graph.get(key).retentionDays, request, now)) }));
  return Object.freeze({ selection, steps: Object.freeze(steps.filter((s) => s.partitions.length > 0)) });
}
