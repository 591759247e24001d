/**
 * Day arithmetic of the demo, all in UTC: days are `YYYY-MM-DD` strings, as the daily
 * partition keys of the example platform are.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The UTC day an instant falls in. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The instant a UTC day starts. */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** The day `n` days after (or before, when negative) `day`. */
export function addDays(day: string, n: number): string {
  return dayOf(new Date(startOfDay(day).getTime() + n * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / DAY_MS);
}

/** The instant `seconds` into a UTC day. */
export function atSecond(day: string, seconds: number): Date {
  return new Date(startOfDay(day).getTime() + Math.floor(seconds) * 1000);
}

/** `instant` moved by whole seconds. */
export function plusSeconds(instant: Date, seconds: number): Date {
  return new Date(instant.getTime() + Math.floor(seconds) * 1000);
}

/** The `count` consecutive days that end with the day `end` falls in, oldest first. */
export function daysEndingAt(end: Date, count: number): string[] {
  const last = dayOf(end);
  return Array.from({ length: count }, (_, i) => addDays(last, i - count + 1));
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return startOfDay(day).getUTCDay();
}

/** ISO-8601 at whole seconds, as the exports write it: `2024-01-05T10:31:00Z`. */
export function formatTimestamp(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, "Z");
}
