import type { PartitionsSpec } from "../core/declare/partitions.ts";
import type { SqlValue } from "../core/declare/sql-template.ts";
import { firstKey, windowOf } from "../core/partitions/time-window.ts";
import { localFields } from "../core/partitions/zoned-time.ts";

/** The values of `partitionKey`, `partitionStart` and `partitionEnd`. */
export type PartitionMacros = Partial<Record<"partitionKey" | "partitionStart" | "partitionEnd", SqlValue>>;

/** The wall clock in `timeZone` at `instant`, as a Date whose UTC fields are that wall clock. */
function wallClock(instant: Date, timeZone: string): Date {
  const f = localFields(instant, timeZone);
  return new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second));
}

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
  const window = windowOf(partitions, chosen);
  return { partitionKey: chosen, partitionStart: wallClock(window.start, partitions.timezone), partitionEnd: wallClock(window.end, partitions.timezone) };
}
