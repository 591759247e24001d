/**
 * Retention of time partitions (`retentionDays`): a time partition expires `retentionDays`
 * after its window ended — at `end + retentionDays × 24h` it is unpublished, its files deleted,
 * and the scheduler no longer expects it. Unpartitioned assets and static partitions never expire
 * (their old versions go with the run history, see `lakeform gc`). Pure; the clock is an argument.
 *
 * @example
 * // daily UTC partitions, retentionDays 30, now 2024-04-05T12:00Z: the cutoff is 2024-03-06T12:00Z;
 * // 2024-03-05 ended 2024-03-06T00:00Z, before it: expired. 2024-03-06 ends after it: kept.
 * isPartitionExpired(daily({ start: "2024-01-01" }), "2024-03-05", 30, new Date("2024-04-05T12:00:00Z")); // true
 */
import type { PartitionsSpec, TimeWindowPartitions } from "../declare/partitions.ts";
import { expectedPartitionCount } from "./partition-count.ts";
import { expectedPartitions } from "./partition-keys.ts";
import { fieldsOfKey, firstKey, keyAt, keysBetween, shiftKey, windowOf } from "./time-window.ts";

const DAY_MS = 86_400_000;

/** The instant before which a window must have ended to be expired: `now − retentionDays`. */
export function retentionCutoff(retentionDays: number, now: Date): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** Whether retention applies: the asset declares `retentionDays` and has time partitions. */
export function expiresPartitions(spec: PartitionsSpec | undefined, retentionDays: number | undefined): spec is TimeWindowPartitions {
  return retentionDays !== undefined && spec?.kind === "time";
}

/**
 * The first key that is kept at `now`: the window containing the cutoff (its end is after it),
 * or the first partition when that is later.
 */
export function firstRetainedKey(spec: TimeWindowPartitions, retentionDays: number, now: Date): string {
  const key = keyAt(spec, retentionCutoff(retentionDays, now));
  const first = firstKey(spec);
  return key > first ? key : first;
}

/**
 * Whether partition `key` has expired at `now`: never for static keys, unpartitioned assets,
 * without retention, or for a key that is not one of the spec's (e.g. recorded under an older definition).
 */
export function isPartitionExpired(spec: PartitionsSpec | undefined, key: string, retentionDays: number | undefined, now: Date): boolean {
  if (!expiresPartitions(spec, retentionDays) || fieldsOfKey(spec, key) === undefined) return false;
  return windowOf(spec, key).end.getTime() <= retentionCutoff(retentionDays as number, now).getTime();
}

/** The partitions that should exist at `now` and are not expired: `expectedPartitions` from `max(start, now − retention)`. */
export function retainedPartitions(spec: PartitionsSpec | undefined, retentionDays: number | undefined, now: Date): string[] {
  if (!expiresPartitions(spec, retentionDays)) return expectedPartitions(spec, now);
  // Listed from the first kept key, not from the start: a long history costs nothing.
  const first = firstRetainedKey(spec, retentionDays as number, now);
  const current = keyAt(spec, now);
  return current <= first ? [] : keysBetween(spec, first, shiftKey(spec, current, -1));
}

/** How many of `retainedPartitions` there are, computed arithmetically (no keys are listed). */
export function retainedPartitionCount(spec: PartitionsSpec | undefined, retentionDays: number | undefined, now: Date): number {
  const expected = expectedPartitionCount(spec, now);
  if (!expiresPartitions(spec, retentionDays)) return expected;
  // Completed windows at the cutoff are exactly the expired ones.
  return Math.max(0, expected - expectedPartitionCount(spec, retentionCutoff(retentionDays as number, now)));
}
