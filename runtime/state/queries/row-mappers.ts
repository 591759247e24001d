import type { Selectable } from "kysely";
import type {
  CheckResultRecord,
  CheckStatus,
  ColumnProfile,
  FileDigest,
  LoadedFile,
  MaterialisationPhase,
  MaterialisationRecord,
  MaterialisationStatus,
  PiiKeyRecord,
  ProfileRecord,
  PublishedVersion,
  RunRecord,
  RunStatus,
  RunTrigger,
} from "../records.ts";
import type { CheckResultsTable, LoadedFilesTable, MaterialisationsTable, ProfilesTable, RunsTable, StateDatabase } from "./state-database.ts";

/** Rows as either backend returns them (see `state-database.ts`). */
export type RunRow = Selectable<RunsTable>;
export type MaterialisationRow = Selectable<MaterialisationsTable>;
export type CheckResultRow = Selectable<CheckResultsTable>;
export type ProfileRow = Selectable<ProfilesTable>;
export type LoadedFileRow = Selectable<LoadedFilesTable>;
export type PiiKeyRow = Pick<Selectable<StateDatabase["pii_key"]>, "fingerprint" | "recorded_at" | "previous_fingerprint">;

/** A JSON column's value: SQLite returns the text, PostgreSQL (`json`) the parsed value. */
function fromJson<T>(value: T | string): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : value;
}

function optionalDate(ms: number | null): Date | undefined {
  return ms === null ? undefined : new Date(Number(ms));
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
    summary: row.summary === null ? undefined : fromJson<Record<string, number>>(row.summary),
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
    files: fromJson(row.files),
    reason: row.reason ?? undefined,
    timings: fromJson(row.timings),
    digests: fromJson<FileDigest[]>(row.file_digests),
    phase: row.phase as MaterialisationPhase,
    jobId: row.job_id ?? undefined,
    detached: row.detached !== 0 && row.detached !== false,
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
    files: fromJson(row.files),
    digests: fromJson<FileDigest[]>(row.file_digests),
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
    blocking: row.blocking !== 0 && row.blocking !== false,
    status: row.status as CheckStatus,
    message: row.message,
    metrics: fromJson(row.metrics),
    failingSample: fromJson(row.failing_sample),
    evaluatedAt: new Date(row.evaluated_at),
  };
}

export function toProfileRecord(row: ProfileRow): ProfileRecord {
  return {
    materialisationId: row.materialisation_id,
    asset: row.asset,
    partition: row.partition_key,
    rows: row.row_count,
    columns: fromJson(row.column_profiles) as ColumnProfile[],
    profiledAt: new Date(row.profiled_at),
  };
}

export function toLoadedFile(row: LoadedFileRow): LoadedFile {
  return { source: row.source, path: row.path, sha256: row.sha256, bytes: row.byte_count, batchId: row.batch_id, loadedAt: new Date(row.loaded_at) };
}

export function toPiiKeyRecord(row: PiiKeyRow): PiiKeyRecord {
  return { fingerprint: row.fingerprint, recordedAt: new Date(Number(row.recorded_at)), previousFingerprint: row.previous_fingerprint ?? undefined };
}

/** Texts in code-point order, as SQLite's BINARY and PostgreSQL's `COLLATE "C"` sort them. */
export function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
