/**
 * Lakeform's public API: declare assets, build and query the asset graph.
 *
 * @example
 * import { asset, col, ref, sql, maxLag } from "lakeform";
 */
export { asset, TIERS } from "./core/declare/asset.ts";
export type { AssetDefinition, AssetMetadata, AssetOptions, CostGuard, EngineName, Owner, RetryPolicy, Tier } from "./core/declare/asset.ts";
export { source } from "./core/declare/source.ts";
export type { SourceOptions } from "./core/declare/source.ts";
export { col, Column } from "./core/declare/column.ts";
export type { ColumnName, Columns, ColumnSpec, ColumnType, RowOf } from "./core/declare/column.ts";
export type { PiiKind, PiiSpec, PiiTreatment } from "./core/declare/pii.ts";
export { sql, partitionKey, partitionStart, partitionEnd, self } from "./core/declare/sql-template.ts";
export type { SqlTemplate, SqlValue, SqlMacro, SqlPart, SqlPerEngine, SqlOverrides } from "./core/declare/sql-template.ts";
export { ref } from "./core/declare/asset-ref.ts";
export type { AssetRef, RefOptions } from "./core/declare/asset-ref.ts";
export { fn, spark } from "./core/declare/compute.ts";
export type { ComputeSpec, FnCompute, FnContext, IngestCompute, PartitionContext, SparkCompute } from "./core/declare/compute.ts";
export { fileDrop } from "./core/declare/file-drop.ts";
export type { FileDropOptions, FileDropSpec, FileFormat, WhenNoData } from "./core/declare/file-drop.ts";
export { postgres } from "./core/declare/postgres-source.ts";
export type { ExtractMode, PostgresSourceOptions, PostgresSourceSpec } from "./core/declare/postgres-source.ts";
export { httpApi } from "./core/declare/http-api-source.ts";
export type { HttpApiSourceOptions, HttpApiSourceSpec, Pagination } from "./core/declare/http-api-source.ts";
export { env } from "./core/declare/env-secret.ts";
export type { EnvSecret } from "./core/declare/env-secret.ts";
export type { SourceSpec } from "./core/declare/source-spec.ts";
export { hourly, daily, monthly, staticPartitions } from "./core/declare/partitions.ts";
export type { PartitionsSpec, StaticPartitions, TimeWindowPartitions, TimeGranularity } from "./core/declare/partitions.ts";
export { identity, timeWindow, allPartitions } from "./core/declare/partition-mapping.ts";
export type { PartitionMapping } from "./core/declare/partition-mapping.ts";
export type { CheckSpec, CheckKind, CheckOptions, CheckSeverity } from "./core/declare/check.ts";
export type { CheckBuilder } from "./core/declare/check-builder.ts";
export { maxLag, cronDeadline } from "./core/declare/freshness-policy.ts";
export type { FreshnessPolicy } from "./core/declare/freshness-policy.ts";
export { cron, eager, onDemand } from "./core/declare/schedule.ts";
export type { ScheduleSpec } from "./core/declare/schedule.ts";
export { alertRoutes, webhook, alertCommand, standardOutput } from "./core/declare/alert-routes.ts";
export type { AlertDestination, AlertRoutesSpec } from "./core/declare/alert-routes.ts";
export type { Duration } from "./core/declare/duration.ts";
export type { ByteSize } from "./core/declare/byte-size.ts";

export { buildAssetGraph } from "./core/graph/build-asset-graph.ts";
export type { Declarations } from "./core/graph/build-asset-graph.ts";
export { AssetGraph } from "./core/graph/asset-graph.ts";
export type { AssetNode, Dependency } from "./core/graph/asset-node.ts";

export { dialectOf, duckdbDialect, sparkDialect, bigqueryDialect } from "./core/sql/dialects.ts";
export type { Dialect, DialectName, TableNamespace } from "./core/sql/dialect.ts";
export { renderSql } from "./core/sql/render-sql.ts";
export type { RenderContext, RenderedSql } from "./core/sql/render-sql.ts";

export { LakeformError, AssetGraphError, SelectionError } from "./core/errors.ts";
export { formatProblem } from "./core/problem.ts";
export type { Problem } from "./core/problem.ts";
