import type { AssetNode } from "../core/graph/asset-node.ts";
import type { ColumnSpec } from "../core/declare/column.ts";
import type { TimeWindow } from "../core/partitions/time-window.ts";
import type { SchemaDrift } from "../core/schema-drift.ts";
import type { Dialect } from "../core/sql/dialect.ts";
import type { LandingFile } from "../sources/file-drop/landing-file.ts";
import type { CheckResultRecord, ColumnProfile } from "../state/records.ts";
import type { DataLocation } from "../storage/data-location.ts";
import type { EngineJob, SubmitOptions } from "./engine-job.ts";

export type { LandingFile, SchemaDrift };
export type { CostEstimate, CostGuard, EngineJob, JobResult, JobStatus, PartitionOutput, SubmitOptions } from "./engine-job.ts";

/** The published data of one parent, restricted to the partitions the mapping selects. */
export interface InputRelation {
  readonly key: string;
  /** Where its data lives: one location per published file or version prefix (possibly none: then the relation is empty, with the schema). */
  readonly files: readonly DataLocation[];
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  /** Raw-tier sources also carry `_loaded_at`, `_source_file` and `_batch_id`. */
  readonly hasLoadMetadata: boolean;
}

/** One partition of a request: its window, its inputs, and the new version's location. */
export interface PartitionTarget {
  /** `""` when the asset is unpartitioned. */
  readonly partition: string;
  readonly window: TimeWindow | undefined;
  /** Parent key → its published data for this partition. */
  readonly inputs: ReadonlyMap<string, InputRelation>;
  /** Where the engine writes this partition: a new version, invisible until published. */
  readonly output: DataLocation;
}

/**
 * What a job computes: one asset over one or more partitions (a range in one request, so a
 * distributed engine can compute a backfill in one step). Never publishes.
 */
export interface EngineRequest {
  /** A computed asset (SQL, a TypeScript function, or a Spark script); sources load through a `LandingLoader`. */
  readonly node: AssetNode;
  /** At least one; each partition once. */
  readonly partitions: readonly PartitionTarget[];
  /**
   * Which try of this work, part of the job's identity ({@link jobIdOf}): the same asset,
   * partitions, fingerprint and attempt re-attach to the same job instead of running twice. The
   * run path passes the materialisation's id, so work recorded anew runs anew.
   */
  readonly attempt: number;
  /**
   * Published targets of the asset's relationships and custom checks, by key, for engines that
   * audit inside the job (EMR: the cluster is gone by the time the runtime audits). Engines that
   * audit later take them from the `AuditRequest`. @default none
   */
  readonly auditTargets?: ReadonlyMap<string, InputRelation>;
}

/** What auditing staged data needs beyond the data itself. */
export interface AuditRequest {
  readonly node: AssetNode;
  readonly partition: string;
  /** Where the staged data is (the job's output locations). */
  readonly files: readonly DataLocation[];
  readonly drift: SchemaDrift;
  /** For sources: landed files that look like the pattern's but sit in a subfolder it does not reach (not loaded). */
  readonly unmatchedLandingFiles?: readonly string[];
  /** For snapshot sources: primary keys of the previous snapshot the new one lacks (rows deleted at the source). */
  readonly keysGoneAtSource?: number;
  /** Published targets of relationships checks, by key. */
  readonly targets: ReadonlyMap<string, InputRelation>;
  /** Row counts of earlier versions, newest first, for volume anomaly. */
  readonly rowHistory: readonly { readonly partition: string; readonly rows: number; readonly publishedAt: Date }[];
  /** The materialisation's clock, for freshness checks. */
  readonly now: Date;
  /** The rows the job wrote, when it said: an engine may audit small versions another way than large ones. @default unknown */
  readonly rows?: number;
}

/** A check's outcome before it is stored. */
export type CheckOutcome = Omit<CheckResultRecord, "materialisationId" | "asset" | "partition" | "evaluatedAt">;

/** The audit of staged data: every check and the profile, from one fused scan (plus one query per uniqueness key, relationship and custom SQL). */
export interface AuditResult {
  readonly rows: number;
  readonly checks: readonly CheckOutcome[];
  readonly profile: readonly ColumnProfile[];
  /** Queries run, for the curious and for the benchmark. */
  readonly queries: number;
}

/** One audited version to make visible in a warehouse (`Engine.publishStaged`, `Engine.loadPublished`). */
export interface WarehouseVersion {
  /** The materialisation that wrote it. */
  readonly id: number;
  /** `""` when the asset is unpartitioned. */
  readonly partition: string;
  readonly version: string;
  /** Its files in the object store, for versions written as files; none for versions staged in the warehouse. */
  readonly files: readonly DataLocation[];
}

/** What an ad-hoc query returned. */
export interface QueryResult {
  readonly rows: Record<string, unknown>[];
  /** Asset key → why its published data could not be read (e.g. a damaged file); the query ran without it. */
  readonly unavailable: ReadonlyMap<string, string>;
}

/**
 * Where data is computed: the SQL dialect and the machinery to run assets and audit them.
 * Backends — DuckDB (embedded default), EMR (Spark), BigQuery — are peers: inputs and outputs
 * are {@link DataLocation}s, work is submitted as jobs with deterministic ids that can be polled,
 * awaited, cancelled and re-attached, and each passes `test/engines/engine-contract.ts`.
 *
 * @example
 * const job = await engine.submit({ node, partitions: [{ partition: "2024-01-01", window, inputs, output }], attempt: 1 });
 * const { partitions: [written] } = await job.wait(); // rows, drift, output per partition
 */
export interface Engine {
  readonly name: "duckdb" | "emr" | "bigquery";
  readonly dialect: Dialect;
  /**
   * Whether a job finishes within the process that submits it (DuckDB: true, the job runs in
   * this process and `attach` from another finds nothing). A tick awaits such jobs; jobs of an
   * engine where this is false (EMR, BigQuery) are submitted, their ids recorded, and advanced
   * by later ticks, which re-attach by id.
   */
  readonly completesInline: boolean;
  /**
   * What a job writes a partition's new version into: one file at a local path, which the object
   * store then takes in (`local-file`: DuckDB — a scratch file on S3); the version's folder in the
   * object store, written by the engine itself (`store-folder`: EMR on S3); or a table of the
   * engine's warehouse (`warehouse-table`: BigQuery). @default "local-file"
   */
  readonly writes?: "local-file" | "store-folder" | "warehouse-table";
  /**
   * Where a new version of `partition` is staged, for engines that write their warehouse
   * (`writes: "warehouse-table"`; required there): a table readers never query (BigQuery:
   * `<table>__staging_<version>`), found again from the same arguments by whoever publishes it.
   * @default - none: the object store stages versions (`local-file`, `store-folder`)
   */
  stagingLocation?(node: AssetNode, partition: string, version: string): DataLocation;
  /**
   * The published data of `parent` in `partitions` (its published partitions the mapping
   * selects; `""` for an unpartitioned parent) as this engine reads it — BigQuery: the parent's
   * published table, filtered to those partitions — instead of the object store's files.
   * Engines without it read the store's files of each version.
   * @default - none: inputs are the versions' files
   */
  publishedInputs?(parent: AssetNode, partitions: readonly string[]): InputRelation;
  /**
   * Makes audited versions of one asset that this engine staged (`stagingLocation`) visible in
   * its warehouse, atomically (BigQuery: a copy job into the partition decorator, or one
   * transaction for several). Called before the state store marks them published; when it
   * throws, nothing was published and the run path fails their materialisations.
   * @default - none: versions become visible in the state store alone
   */
  publishStaged?(node: AssetNode, versions: readonly WarehouseVersion[]): Promise<void>;
  /**
   * Loads audited versions of one asset that were written as files (a source's load, a DuckDB
   * asset) into the asset's warehouse table, each replacing its partition, so that assets of this
   * engine downstream read them from the warehouse (BigQuery: a load job per version with
   * WRITE_TRUNCATE into the partition decorator). Idempotent (deterministic job ids). Called
   * before the state store marks them published, on the environment's warehouse engine
   * (`RunServices.warehouse`); when it throws, nothing is marked published.
   * @default - none
   */
  loadPublished?(node: AssetNode, versions: readonly WarehouseVersion[]): Promise<void>;
  /**
   * Submits the computation of `request` and returns its job. A job with the same id (see
   * {@link EngineRequest.attempt}) that this engine still knows is returned as it is, never run
   * again. Where the engine can estimate the cost first (a BigQuery dry run), the estimate is
   * on the job and `options.guard` may refuse it: then nothing runs and this throws the
   * guard's reason naming the asset. DuckDB runs jobs in this process, one at a time, in
   * submission order; they may finish before `submit` returns.
   */
  submit(request: EngineRequest, options?: SubmitOptions): Promise<EngineJob>;
  /** The job with `jobId`, to poll, await or cancel it again; undefined when the engine knows no such job. */
  attach(jobId: string): Promise<EngineJob | undefined>;
  /** Runs the asset's checks and profile over staged data. */
  audit(request: AuditRequest): Promise<AuditResult>;
  /**
   * Audits several staged versions of one asset (a range job's partitions), in request order,
   * with the verdicts `audit` would give each — together where the engine can (DuckDB: one
   * scan grouped by file). @default each through `audit`
   */
  auditMany?(requests: readonly AuditRequest[]): Promise<AuditResult[]>;
  /**
   * Ad-hoc, read-only SQL over views of published assets: JSON-safe rows, and the assets whose
   * published data could not be read (left out, with why). Nothing else is reachable.
   */
  query(sql: string, views: readonly InputRelation[]): Promise<QueryResult>;
  close(): Promise<void>;
}
