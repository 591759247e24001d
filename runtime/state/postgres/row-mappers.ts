import type {
  CheckResultRecord,
  CheckStatus,
  ColumnProfile,
  FileDigest,
  LoadedFile,
  MaterialisationRecord,
  MaterialisationStatus,
  ProfileRecord,
  PublishedVersion,
  RunRecord,
  RunStatus,
  RunTrigger,
} from "../records.ts";

/**
 * Rows as `pg` returns them (see `migrations.ts`): `bigint` columns as numbers (timestamps are
 * milliseconds), `json` columns already parsed, `boolean` as boolean.
 */
export interface RunRow {
  readonly id: string;
  readonly selection: string;
  readonly run_trigger: string;
  readonly status: string;
  readonly started_at: number;
  readonly finished_at: number | null;
  readonly heartbeat_at: number;
  readonly pid: number;
  readonly host: string;
  readonly summary: Record<string, number> | null;
}

export interface MaterialisationRow {
  readonly id: number;
  readonly run_id: string;
  readonly asset: string;
  readonly partition_key: string;
  readonly version: string;
  readonly fingerprint: string;
  readonly status: string;
  readonly started_at: number;
  readonly finished_at: number | null;
  readonly published_at: number | null;
  readonly row_count: number | null;
  readonly byte_count: number | null;
  readonly files: string[];
  /** See {@link FileDigest}; `[]` before migration 4. */
  readonly file_digests: FileDigest[];
  readonly reason: string | null;
  readonly timings: Record<string, number>;
}

export interface CheckResultRow {
  readonly materialisation_id: number;
  readonly asset: string;
  readonly partition_key: string;
  readonly check_name: string;
  readonly kind: string;
  readonly severity: string;
  readonly blocking: boolean;
  readonly status: string;
  readonly message: string;
  readonly metrics: CheckResultRecord["metrics"];
  readonly failing_sample: CheckResultRecord["failingSample"];
  readonly evaluated_at: number;
}

export interface ProfileRow {
  readonly materialisation_id: number;
  readonly asset: string;
  readonly partition_key: string;
  readonly row_count: number;
  readonly column_profiles: ColumnProfile[];
  readonly profiled_at: number;
}

export interface LoadedFileRow {
  readonly source: string;
  readonly path: string;
  readonly sha256: string;
  readonly byte_count: number;
  readonly batch_id: string;
  readonly loaded_at: number;
}

function optionalDate(ms: number | null): Date | undefined {
  return ms === null ? undefined : new Date(ms);
}

export function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    selection: row.selection,
    trigger: row.run_trigger as RunTrigger,
    status: row.status as RunStatus,
    startedAt: new Date(row.started_at),
    finishedAt: optionalDate(row.finished_at),
    heartbeatAt: new Date(row.heartbeat_at),
    pid: row.pid,
    host: row.host,
    summary: row.summary ?? undefined,
  };
}

export function toMaterialisationRecord(row: MaterialisationRow): MaterialisationRecord {
  return {
    id: row.id,
    runId: row.run_id,
    asset: row.asset,
    partition: row.partition_key,
    version: row.version,
    fingerprint: row.fingerprint,
    status: row.status as MaterialisationStatus,
    startedAt: new Date(row.started_at),
    finishedAt: optionalDate(row.finished_at),
    publishedAt: optionalDate(row.published_at),
    rows: row.row_count ?? undefined,
    bytes: row.byte_count ?? undefined,
    files: row.files,
    reason: row.reason ?? undefined,
    timings: row.timings,
  };
}

export function toPublishedVersion(row: MaterialisationRow): PublishedVersion {
  return {
    asset: row.asset,
    partition: row.partition_key,
    version: row.version,
    materialisationId: row.id,
    fingerprint: row.fingerprint,
    publishedAt: new Date(row.published_at ?? row.started_at),
    rows: row.row_count ?? 0,
    files: row.files,
    digests: row.file_digests,
  };
}

export function toCheckResultRecord(row: CheckResultRow): CheckResultRecord {
  return {
    materialisationId: row.materialisation_id,
    asset: row.asset,
    partition: row.partition_key,
    check: row.check_name,
    kind: row.kind,
    severity: row.severity as CheckResultRecord["severity"],
    blocking: row.blocking,
    status: row.status as CheckStatus,
    message: row.message,
    metrics: row.metrics,
    failingSample: row.failing_sample,
    evaluatedAt: new Date(row.evaluated_at),
  };
}

export function toProfileRecord(row: ProfileRow): ProfileRecord {
  return {
    materialisationId: row.materialisation_id,
    asset: row.asset,
    partition: row.partition_key,
    rows: row.row_count,
    columns: row.column_profiles,
    profiledAt: new Date(row.profiled_at),
  };
}

export function toLoadedFile(row: LoadedFileRow): LoadedFile {
  return {
    source: row.source,
    path: row.path,
    sha256: row.sha256,
    bytes: row.byte_count,
    batchId: row.batch_id,
    loadedAt: new Date(row.loaded_at),
  };
}
