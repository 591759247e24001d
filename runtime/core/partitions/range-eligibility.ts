import type { TimeWindowPartitions } from "../declare/partitions.ts";
import type { SqlMacro, SqlTemplate } from "../declare/sql-template.ts";
import type { AssetNode } from "../graph/asset-node.ts";
import { shiftKey } from "./time-window.ts";

/**
 * The most partitions one range job computes (a year of days); a longer backfill runs as several
 * ranges. Like Dagster's `BackfillPolicy.multi_run(max_partitions_per_run)`.
 */
export const MAX_RANGE_PARTITIONS = 366;

/** An asset whose partitions can be computed as one range: its time partitions name the column that places each row. */
export type RangeNode = Pick<AssetNode, "key" | "compute" | "columns"> & { readonly partitions: TimeWindowPartitions & { readonly column: string } };

function usesMacro(template: SqlTemplate, name: SqlMacro["name"]): boolean {
  return template.parts.some((part) => (part.kind === "macro" && part.name === name) || (part.kind === "sql" && usesMacro(part, name)));
}

/**
 * Why partitions of `node` cannot be computed together as one range, or undefined when they can:
 * a time-partitioned SQL asset that declares `partitions.column` (the date or timestamp column
 * placing each row in its partition, so one pass can split its result), whose SQL does not use
 * `${partitionKey}` (a single key cannot stand for a range). The engine is the caller's to check.
 */
export function rangeIneligibility(node: Pick<AssetNode, "compute" | "partitions">): string | undefined {
  if (node.compute.kind !== "sql") return "it is not an SQL asset";
  if (node.partitions?.kind !== "time") return "it is not time-partitioned";
  if (node.partitions.column === undefined) return "its partitions declare no column";
  if (usesMacro(node.compute, "partitionKey")) return "its SQL uses ${partitionKey}, which cannot stand for a range";
  return undefined;
}

/** Whether `node` can be computed as ranges (see {@link rangeIneligibility}), with its partition column known. */
export function isRangeNode<N extends Pick<AssetNode, "key" | "compute" | "columns" | "partitions">>(node: N): node is N & RangeNode {
  return rangeIneligibility(node) === undefined;
}

/** Whether `keys` are consecutive partitions of `spec`, in order, each once. */
export function isContiguous(spec: TimeWindowPartitions, keys: readonly string[]): boolean {
  return keys.every((key, i) => i === 0 || shiftKey(spec, keys[i - 1] ?? key, 1) === key);
}

/**
 * The partitions `keys` of `node` grouped as a backfill computes them: runs of consecutive
 * partitions, at most `max` each, in order — or each partition alone when the asset cannot run
 * as ranges. Pure: the caller drops the partitions that cannot run first.
 *
 * @example backfillRanges(node, ["2024-01-01", "2024-01-02", "2024-01-04"]) // [["2024-01-01", "2024-01-02"], ["2024-01-04"]]
 */
export function backfillRanges(node: Pick<AssetNode, "key" | "compute" | "columns" | "partitions">, keys: readonly string[], max = MAX_RANGE_PARTITIONS): string[][] {
  if (!isRangeNode(node)) return keys.map((key) => [key]);
  const spec = node.partitions;
  const sorted = [...new Set(keys)].sort();
  const ranges: string[][] = [];
  for (const key of sorted) {
    const current = ranges.at(-1);
    const last = current?.at(-1);
    if (current !== undefined && last !== undefined && current.length < max && shiftKey(spec, last, 1) === key) current.push(key);
    else ranges.push([key]);
  }
  return ranges;
}
