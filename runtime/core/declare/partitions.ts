/** How often a time-partitioned asset gets a new partition. */
export type TimeGranularity = "hourly" | "daily" | "monthly";

/**
 * Time-window partitions: one partition per hour, day or month since `start`, in `timezone`.
 * Keys are `2024-01-01T13` (hourly), `2024-01-01` (daily) and `2024-01` (monthly).
 */
export interface TimeWindowPartitions {
  readonly kind: "time";
  readonly granularity: TimeGranularity;
  /** The first partition, as `YYYY-MM-DD` (or `YYYY-MM-DDTHH` for hourly). */
  readonly start: string;
  /** An IANA time zone; windows start at local midnight (or the local hour) there. */
  readonly timezone: string;
  /**
   * The date or timestamp column that places each row in its window. On a source: each landed
   * row's window (without it, rows belong to the window of their landing time, `_loaded_at`).
   * On an SQL asset: a backfill of several partitions on DuckDB runs as one job over the range,
   * its rows split into partitions by this column (without it, partition by partition).
   */
  readonly column?: string;
}

/** A fixed set of partition keys, such as regions or tenants. */
export interface StaticPartitions {
  readonly kind: "static";
  readonly keys: readonly string[];
}

export type PartitionsSpec = TimeWindowPartitions | StaticPartitions;

/** Options of the time-window partition factories. */
export interface TimeWindowOptions {
  /** The first partition, as `YYYY-MM-DD` (hourly also takes `YYYY-MM-DDTHH`). */
  readonly start: string;
  /** @default "UTC" */
  readonly timezone?: string;
  /** Sources and SQL assets: the date or timestamp column that places each row in its window. @default none: sources by landing time; SQL assets backfill partition by partition */
  readonly column?: string;
}

function timeWindow(granularity: TimeGranularity, options: TimeWindowOptions): TimeWindowPartitions {
  return Object.freeze({
    kind: "time",
    granularity,
    start: options.start,
    timezone: options.timezone ?? "UTC",
    ...(options.column === undefined ? {} : { column: options.column }),
  });
}

/** One partition per hour. @example hourly({ start: "2024-01-01", timezone: "Europe/Paris" }) */
export const hourly = (options: TimeWindowOptions): TimeWindowPartitions => timeWindow("hourly", options);
/** One partition per day. @example daily({ start: "2024-01-01" }) */
export const daily = (options: TimeWindowOptions): TimeWindowPartitions => timeWindow("daily", options);
/** One partition per calendar month. @example monthly({ start: "2024-01" }) */
export const monthly = (options: TimeWindowOptions): TimeWindowPartitions => timeWindow("monthly", options);

/** A fixed list of partition keys. @example staticPartitions(["eu", "us", "apac"]) */
export function staticPartitions(keys: readonly string[]): StaticPartitions {
  return Object.freeze({ kind: "static", keys: Object.freeze([...keys]) });
}
