import { localFields } from "./zoned-time.ts";

/**
 * A time of day on a calendar date with no zone (DuckDB's `TIMESTAMP`), carried as a `Date`
 * whose UTC fields are the wall clock. Bound as `TIMESTAMP`, it compares exactly with a DATE
 * (taken at midnight), with a TIMESTAMP, and — cast in the session's time zone — with a
 * TIMESTAMPTZ.
 */
export class WallClockTime extends Date {
  /** The wall clock in `timeZone` at `instant` (whole seconds). */
  static of(instant: Date, timeZone: string): WallClockTime {
    const f = localFields(instant, timeZone);
    return new WallClockTime(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second));
  }
}
