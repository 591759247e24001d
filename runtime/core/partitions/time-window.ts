import type { TimeWindowPartitions } from "../declare/partitions.ts";
import { instantOf, localFields, type LocalFields } from "./zoned-time.ts";

/** A half-open interval of time: `[start, end)`. */
export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const KEY = { hourly: /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/, daily: /^(\d{4})-(\d{2})-(\d{2})$/, monthly: /^(\d{4})-(\d{2})$/ } as const;

/** The key of the window that starts at the given local fields: `2024-01-01T13`, `2024-01-01`, `2024-01`. */
function keyOfFields(spec: TimeWindowPartitions, f: LocalFields): string {
  switch (spec.granularity) {
    case "hourly":
      return `${f.year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}`;
    case "daily":
      return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
    case "monthly":
      return `${f.year}-${pad(f.month)}`;
  }
}

/** The local fields a key starts at, or undefined when `key` is not a key of this granularity. */
export function fieldsOfKey(spec: TimeWindowPartitions, key: string): LocalFields | undefined {
  const match = KEY[spec.granularity].exec(key);
  if (match === null) return undefined;
  const [year, month, day, hour] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 1), Number(match[4] ?? 0)];
  const check = new Date(Date.UTC(year, month - 1, day, hour));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23) return undefined;
  return { year, month, day, hour };
}

/** Shifts local fields by `n` windows of the granularity (calendar arithmetic, DST-proof). */
function shift(spec: TimeWindowPartitions, f: LocalFields, n: number): LocalFields {
  const d = new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour));
  if (spec.granularity === "hourly") d.setUTCHours(d.getUTCHours() + n);
  else if (spec.granularity === "daily") d.setUTCDate(d.getUTCDate() + n);
  else d.setUTCMonth(d.getUTCMonth() + n);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours() };
}

/** The key of the window containing `instant`. */
export function keyAt(spec: TimeWindowPartitions, instant: Date): string {
  const f = localFields(instant, spec.timezone);
  const fields = { year: f.year, month: f.month, day: spec.granularity === "monthly" ? 1 : f.day, hour: spec.granularity === "hourly" ? f.hour : 0 };
  // An hour repeated by a DST change maps to the first of the two windows it names.
  return keyOfFields(spec, fields);
}

/** The window `key` stands for, in the spec's time zone. */
export function windowOf(spec: TimeWindowPartitions, key: string): TimeWindow {
  const f = fieldsOfKey(spec, key);
  if (f === undefined) throw new RangeError(`"${key}" is not a ${spec.granularity} partition key`);
  return { start: instantOf(f, spec.timezone), end: instantOf(shift(spec, f, 1), spec.timezone) };
}

/** The key `n` windows after (or before, for negative `n`) `key`. */
export function shiftKey(spec: TimeWindowPartitions, key: string, n: number): string {
  const f = fieldsOfKey(spec, key);
  if (f === undefined) throw new RangeError(`"${key}" is not a ${spec.granularity} partition key`);
  return keyOfFields(spec, shift(spec, f, n));
}

/** The first partition key of the spec. */
export function firstKey(spec: TimeWindowPartitions): string {
  const start = spec.granularity === "monthly" ? spec.start.slice(0, 7) : spec.granularity === "hourly" && spec.start.length === 10 ? `${spec.start}T00` : spec.start;
  return start;
}

/** Keys from `from` to `to`, both included, in order; at most `limit` (a guard against runaway ranges). */
export function keysBetween(spec: TimeWindowPartitions, from: string, to: string, limit = 1_000_000): string[] {
  const keys: string[] = [];
  for (let key = from; key <= to && keys.length < limit; key = shiftKey(spec, key, 1)) keys.push(key);
  return keys;
}

/** Every key whose window has ended by `now`, from the first; at most `limit`. */
export function completedKeys(spec: TimeWindowPartitions, now: Date, limit = 1_000_000): string[] {
  const first = firstKey(spec);
  const current = keyAt(spec, now);
  if (current <= first) return [];
  return keysBetween(spec, first, shiftKey(spec, current, -1), limit);
}

/** Keys of the windows overlapping `[window.start, window.end)`. */
export function keysOverlapping(spec: TimeWindowPartitions, window: TimeWindow): string[] {
  const keys: string[] = [];
  let key = keyAt(spec, window.start);
  for (let i = 0; i < 100_000; i++) {
    const w = windowOf(spec, key);
    if (w.start >= window.end) break;
    if (w.end > window.start) keys.push(key);
    key = shiftKey(spec, key, 1);
  }
  return keys;
}
