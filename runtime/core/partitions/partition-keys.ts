import { LakeformError } from "../errors.ts";
import type { PartitionMapping } from "../declare/partition-mapping.ts";
import type { PartitionsSpec } from "../declare/partitions.ts";
import { completedKeys, fieldsOfKey, firstKey, keysBetween, keysOverlapping, shiftKey, windowOf } from "./time-window.ts";

/** The key used for the single partition of an unpartitioned asset. */
export const UNPARTITIONED = "";

/** Why `key` is not a partition of `spec` (as `[what, fix]`), or undefined when it is. */
export function partitionKeyProblem(spec: PartitionsSpec | undefined, key: string): string | undefined {
  if (spec === undefined) return key === UNPARTITIONED ? undefined : "the asset is not partitioned: leave out --partition";
  if (spec.kind === "static") return spec.keys.includes(key) ? undefined : `"${key}" is not one of its partitions (${spec.keys.join(", ")})`;
  if (fieldsOfKey(spec, key) === undefined) {
    const example = spec.granularity === "hourly" ? "2024-01-01T13" : spec.granularity === "daily" ? "2024-01-01" : "2024-01";
    return `"${key}" is not a ${spec.granularity} partition key (e.g. ${example})`;
  }
  return key < firstKey(spec) ? `"${key}" is before the first partition ${firstKey(spec)}` : undefined;
}

/** Keys from `from` to `to` inclusive, validated. */
export function partitionRange(spec: PartitionsSpec, from: string, to: string): string[] {
  for (const key of [from, to]) {
    const problem = partitionKeyProblem(spec, key);
    if (problem !== undefined) throw new LakeformError(`Partition ${problem}. Fix: pass keys of the asset's partitions.`);
  }
  if (from > to) throw new LakeformError(`Partition range ${from}..${to} is empty. Fix: put the earlier key first.`);
  if (spec.kind === "static") return spec.keys.filter((k) => k >= from && k <= to);
  return keysBetween(spec, from, to);
}

/** Every partition that should exist at `now`: static keys, or completed time windows. */
export function expectedPartitions(spec: PartitionsSpec | undefined, now: Date): string[] {
  if (spec === undefined) return [UNPARTITIONED];
  return spec.kind === "static" ? [...spec.keys] : completedKeys(spec, now);
}

/**
 * The parent partitions a child partition reads through `mapping`, or `"all"`.
 * Unpartitioned parents have the single partition `""`.
 */
export function parentPartitions(
  child: PartitionsSpec | undefined,
  childKey: string,
  parent: PartitionsSpec | undefined,
  mapping: PartitionMapping,
): readonly string[] | "all" {
  if (parent === undefined) return [UNPARTITIONED];
  if (mapping.kind === "all" || child === undefined) return "all";
  if (mapping.kind === "identity") return [childKey];
  if (child.kind !== "time" || parent.kind !== "time") return "all";
  const start = windowOf(child, shiftKey(child, childKey, mapping.startOffset)).start;
  const end = windowOf(child, shiftKey(child, childKey, mapping.endOffset)).end;
  return keysOverlapping(parent, { start, end }).filter((k) => k >= firstKey(parent));
}
