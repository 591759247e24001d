import { timeWindow } from "lakeform";

/**
 * How many days after its business day (order day, event day) a row may still land.
 * The order export and the event tracker re-send rows for up to two days; anything later is
 * reported by the raw tier's `rows_beyond_late_window` check and needs a backfill.
 */
export const LATE_ARRIVAL_DAYS = 2;

/**
 * The raw landing days a clean partition reads: its own day and the `LATE_ARRIVAL_DAYS`
 * after it, since raw partitions are landing days and rows arrive after the day they describe.
 */
export const withLateArrivals = timeWindow({ startOffset: 0, endOffset: LATE_ARRIVAL_DAYS });
