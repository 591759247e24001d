import type { SqlValue } from "../declare/sql-template.ts";
import type { AssetNode } from "../graph/asset-node.ts";
import { WallClockTime } from "./wall-clock-time.ts";

/**
 * The values of the partition macros for one partition of an asset (none for unpartitioned
 * assets), the same on every engine. The window's bounds are wall-clock TIMESTAMPs in the
 * partitions' time zone, in which the asset's SQL runs: compared with a DATE, a TIMESTAMP or a
 * TIMESTAMPTZ column, they are exact. (Bound as instants instead, a DATE would be cast to one
 * in the session zone, and DuckDB's Parquet statistics take that cast in UTC whatever the
 * session zone: filters would disagree.)
 */
export function macroValues(request: { readonly node: Pick<AssetNode, "partitions">; readonly partition: string; readonly window: { readonly start: Date; readonly end: Date } | undefined }): Partial<Record<"partitionKey" | "partitionStart" | "partitionEnd", SqlValue>> {
  const partitions = request.node.partitions;
  if (partitions === undefined) return {};
  const zone = partitions.kind === "time" ? partitions.timezone : "UTC";
  return {
    partitionKey: request.partition,
    ...(request.window === undefined ? {} : { partitionStart: WallClockTime.of(request.window.start, zone), partitionEnd: WallClockTime.of(request.window.end, zone) }),
  };
}
