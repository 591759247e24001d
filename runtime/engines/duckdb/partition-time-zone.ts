import type { ColumnSpec } from "../../core/declare/column.ts";
import type { PartitionsSpec } from "../../core/declare/partitions.ts";
import { ENGINE_TIME_ZONE } from "./duckdb-session.ts";
import { identifier, stringLiteral } from "./sql-literals.ts";

/**
 * The time zone an asset's own SQL (its compute and its `c.sql` checks) runs in: the declared
 * zone of its time partitions, so `date_col >= ${partitionStart}` takes the DATE at midnight where
 * the window starts — exact for daily and monthly windows. Every other asset, and everything
 * else the engine does (reading landing files, the fused checks, `query`), runs in
 * `ENGINE_TIME_ZONE`; never in the host's zone.
 *
 * @example assetTimeZone(daily({ start: "2024-01-01", timezone: "Asia/Tokyo" })) // "Asia/Tokyo"
 */
export function assetTimeZone(partitions: PartitionsSpec | undefined): string {
  return partitions?.kind === "time" ? partitions.timezone : ENGINE_TIME_ZONE;
}

/**
 * The instant a source's partition column stands for, as SQL comparable with the window's
 * TIMESTAMPTZ bounds in any session zone: a DATE stands for its midnight in the partitions' time
 * zone; a TIMESTAMPTZ is an instant already.
 */
export function partitionColumnInstant(column: string, spec: ColumnSpec | undefined, timeZone: string): string {
  const kind = spec?.type.kind;
  return kind === "date" ? `timezone(${stringLiteral(timeZone)}, cast(${identifier(column)} as TIMESTAMP))` : identifier(column);
}
