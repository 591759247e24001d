import type { PartitionsSpec } from "../core/declare/partitions.ts";
import type { SqlValue } from "../core/declare/sql-template.ts";
import { firstKey, windowOf } from "../core/partitions/time-window.ts";
import { macroValues } from "../core/partitions/partition-macros.ts";

/** The values of `partitionKey`, `partitionStart` and `partitionEnd`. */
export type PartitionMacros = Partial<Record<"partitionKey" | "partitionStart" | "partitionEnd", SqlValue>>;

/**
 * The macro values of partition `key` (by default the first one) as engines bind them: the
 * key as a string, the window's bounds as wall-clock times in the partitions' time zone
 * (Dates whose UTC fields are the wall clock, compared in a session set to that zone, as
 * DuckDB does). None for an unpartitioned asset.
 *
 * @throws RangeError when `key` is not a key of the partitions
 */
export function partitionMacros(partitions: PartitionsSpec | undefined, key?: string): PartitionMacros {
  if (partitions === undefined) return {};
  if (partitions.kind === "static") {
    const chosen = key ?? partitions.keys[0];
    if (chosen === undefined || !partitions.keys.includes(chosen)) throw new RangeError(`"${key}" is not one of the partitions ${partitions.keys.join(", ")}`);
    return { partitionKey: chosen };
  }
  const chosen = key ?? firstKey(partitions);
  return macroValues({ node: { partitions }, partition: chosen, window: windowOf(partitions, chosen) });
}
