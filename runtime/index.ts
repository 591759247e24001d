/**
 * Lakeform's public API: declare assets, build and query the asset graph.
 *
 * @example
 * import { asset, col, ref, sql, maxLag } from "lakeform";
 */
export { asset, TIERS } from "./model/asset.ts";
export type { AssetDefinition, AssetMetadata, AssetOptions, CostGuard, EngineName, Owner, RetryPolicy, Tier } from "./model/asset.ts";
export { source } from "./model/source.ts";
export type { SourceOptions } from "./model/source.ts";
export { col, Column } from "./model/column.ts";
export type { ColumnName, Columns, ColumnSpec, ColumnType, RowOf } from "./model/column.ts";
export type { PiiKind, PiiSpec, PiiTreatment } from "./model/pii.ts";
export { sql, partitionKey, partitionStart, partitionEnd, self } from "./model/sql-template.ts";
export type { SqlTemplate, SqlValue, SqlMacro, SqlPart } from "./model/sql-template.ts";
export { ref } from "./model/asset-ref.ts";
export type { AssetRef, RefOptions } from "./model/asset-ref.ts";
export { fn, spark } from "./model/compute.ts";
export type { ComputeSpec, FnCompute, FnContext, IngestCompute, PartitionContext, SparkCompute } from "./model/compute.ts";
export { fileDrop } from "./model/file-drop.ts";
export type { FileDropOptions, FileDropSpec, FileFormat, WhenNoData } from "./model/file-drop.ts";
export { hourly, daily, monthly, staticPartitions } from "./model/partitions.ts";
export type { PartitionsSpec, StaticPartitions, TimeWindowPartitions, TimeGranularity } from "./model/partitions.ts";
export { identity, timeWindow, allPartitions } from "./model/partition-mapping.ts";
export type { PartitionMapping } from "./model/partition-mapping.ts";
export type { CheckSpec, CheckKind, CheckOptions, CheckSeverity } from "./model/check.ts";
export type { CheckBuilder } from "./model/check-builder.ts";
export { maxLag, cronDeadline } from "./model/freshness-policy.ts";
export type { FreshnessPolicy } from "./model/freshness-policy.ts";
export { cron, eager, onDemand } from "./model/schedule.ts";
export type { ScheduleSpec } from "./model/schedule.ts";
export type { Duration } from "./model/duration.ts";
export type { ByteSize } from "./model/byte-size.ts";

export { buildAssetGraph } from "./graph/build-asset-graph.ts";
export type { Declarations } from "./graph/build-asset-graph.ts";
export { AssetGraph } from "./graph/asset-graph.ts";
export type { AssetNode, Dependency } from "./graph/asset-node.ts";

export { dialectOf, duckdbDialect, sparkDialect, bigqueryDialect } from "./sql/dialects.ts";
export type { Dialect, DialectName, TableNamespace } from "./sql/dialect.ts";
export { renderSql } from "./sql/render-sql.ts";
export type { RenderContext, RenderedSql } from "./sql/render-sql.ts";

export { LakeformError, AssetGraphError, SelectionError } from "./errors.ts";
export { formatProblem } from "./problem.ts";
export type { Problem } from "./problem.ts";
