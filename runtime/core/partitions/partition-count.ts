import type { PartitionsSpec, TimeWindowPartitions } from "../declare/partitions.ts";
import { fieldsOfKey, firstKey, keyAt } from "./time-window.ts";

const currentKeys = new Map<string, string>();

/** `keyAt`, memoised per granularity, zone and instant: a tick asks it of thousands of assets. */
function currentKey(spec: TimeWindowPartitions, now: Date): string {
  const id = `${spec.granularity}\u0000${spec.timezone}\u0000${now.getTime()}`;
  let key = currentKeys.get(id);
  if (key === undefined) {
    if (currentKeys.size > 1000) currentKeys.clear();
    key = keyAt(spec, now);
    currentKeys.set(id, key);
  }
  return key;
}

/**
 * How many partitions should exist at `now` (completed windows since the first, or the static
 * keys), computed arithmetically — no list of keys is built, so it is cheap for any range.
 */
export function expectedPartitionCount(spec: PartitionsSpec | undefined, now: Date): number {
  if (spec === undefined) return 1;
  if (spec.kind === "static") return spec.keys.length;
  const first = fieldsOfKey(spec, firstKey(spec));
  const current = fieldsOfKey(spec, currentKey(spec, now));
  if (first === undefined || current === undefined) return 0;
  const days = (f: { year: number; month: number; day: number }) => Date.UTC(f.year, f.month - 1, f.day) / 86_400_000;
  const count =
    spec.granularity === "monthly"
      ? (current.year - first.year) * 12 + (current.month - first.month)
      : spec.granularity === "daily"
        ? days(current) - days(first)
        : (days(current) - days(first)) * 24 + (current.hour - first.hour);
  return Math.max(0, count);
}
