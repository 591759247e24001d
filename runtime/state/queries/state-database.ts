import type { ColumnType, Generated } from "kysely";

/**
 * The state tables as the queries see them, shared by both backends (see `sqlite/migrations.ts`
 * and `postgres/migrations.ts` for the DDL, which differs). Timestamps are integer milliseconds
 * since the epoch. JSON columns are written as JSON text; SQLite returns them as text, PostgreSQL
 * (`json`) already parsed — `row-mappers.ts` accepts both. Booleans come back as 0/1 from SQLite.
 */
export interface StateDatabase {
  runs: RunsTable;
  materialisations: MaterialisationsTable;
  published: PublishedTable;
  check_results: CheckResultsTable;
  profiles: ProfilesTable;
  loaded_files: LoadedFilesTable;
  launches: LaunchesTable;
  decisions: DecisionsTable;
  scheduler_cursor: { name: string; at: number };
  alert_levels: { alert_id: string; level: string; changed_at: number };
  published_summary: { asset: string; published_partitions: number; last_published_at: number };
  pii_key: { id: number; fingerprint: string; recorded_at: number; previous_fingerprint: ColumnType<string | null, string | null | undefined, string | null> };
  scheduler_ticks: SchedulerTicksTable;
  /** Migration 7. */
  source_batches: SourceBatchesTable;
}

/** A JSON column: written as JSON text, read as text (SQLite) or parsed (PostgreSQL). */
export type JsonColumn<T> = ColumnType<T | string, string, string>;
/** Written as JSON text, with a default when omitted. */
export type JsonColumnWithDefault<T> = ColumnType<T | string, string | undefined, string>;
/** A nullable column that may be omitted on insert. */
export type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface RunsTable {
  id: string;
  selection: string;
  run_trigger: string;
  status: string;
  started_at: number;
  finished_at: Nullable<number>;
  heartbeat_at: number;
  pid: number;
  host: string;
  summary: ColumnType<Record<string, number> | string | null, string | null | undefined, string | null>;
}

export interface MaterialisationsTable {
  id: Generated<number>;
  run_id: string;
  asset: string;
  partition_key: string;
  version: string;
  fingerprint: string;
  status: string;
  started_at: number;
  finished_at: Nullable<number>;
  published_at: Nullable<number>;
  row_count: Nullable<number>;
  byte_count: Nullable<number>;
  files: JsonColumnWithDefault<string[]>;
  /** `[]` for versions published before migration 4. */
  file_digests: JsonColumnWithDefault<{ key: string; bytes: number; sha256: string }[]>;
  reason: Nullable<string>;
  timings: JsonColumnWithDefault<Record<string, number>>;
  /** Migration 6: `queued` for rows written before it. */
  phase: ColumnType<string, string | undefined, string>;
  job_id: Nullable<string>;
  detached: ColumnType<boolean | number, boolean | undefined, boolean>;
}

export interface PublishedTable {
  asset: string;
  partition_key: string;
  materialisation_id: number;
}

export interface CheckResultsTable {
  id: Generated<number>;
  materialisation_id: number;
  asset: string;
  partition_key: string;
  check_name: string;
  kind: string;
  severity: string;
  blocking: ColumnType<boolean | number, boolean, boolean>;
  status: string;
  message: string;
  metrics: JsonColumn<Record<string, number | string | null>>;
  failing_sample: JsonColumn<Record<string, unknown>[]>;
  evaluated_at: number;
}

export interface ProfilesTable {
  materialisation_id: number;
  asset: string;
  partition_key: string;
  row_count: number;
  column_profiles: JsonColumn<unknown[]>;
  profiled_at: number;
}

export interface LoadedFilesTable {
  source: string;
  path: string;
  sha256: string;
  byte_count: number;
  batch_id: string;
  loaded_at: number;
}

export interface LaunchesTable {
  asset: string;
  partition_key: string;
  run_trigger: string;
  slot: string;
  attempt: number;
  tick_id: string;
  claimed_at: number;
}

export interface DecisionsTable {
  id: Generated<number>;
  tick_id: string;
  asset: string;
  partition_key: string;
  decided_at: number;
  action: string;
  run_trigger: string;
  reason: string;
}

export interface SchedulerTicksTable {
  tick_id: string;
  host: string;
  pid: number;
  claimed_at: number;
  run_id: Nullable<string>;
  finished_at: Nullable<number>;
}

/** The batches extracting sources landed (migration 7); see `source-batch-ledger.ts`. */
export interface SourceBatchesTable {
  source: string;
  batch_id: string;
  /** Order of recording within the source, from 1. */
  seq: number;
  mode: string;
  low_mark: string | null;
  high_mark: string | null;
  row_count: number;
  sha256: string;
  extracted_at: number;
}
