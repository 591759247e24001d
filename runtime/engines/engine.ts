import type { AssetNode } from "../core/graph/asset-node.ts";
import type { ColumnSpec } from "../core/declare/column.ts";
import type { TimeWindow } from "../core/partitions/time-window.ts";
import type { Dialect } from "../core/sql/dialect.ts";
import type { LandingFile } from "../sources/file-drop/landing-file.ts";
import type { CheckResultRecord, ColumnProfile } from "../state/records.ts";

/** The published data of one parent, restricted to the partitions the mapping selects. */
export interface InputRelation {
  readonly key: string;
  /** Locations of the data files (possibly none: then the relation is empty, with the schema). */
  readonly files: readonly string[];
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  /** Raw-tier sources also carry `_loaded_at`, `_source_file` and `_batch_id`. */
  readonly hasLoadMetadata: boolean;
}


export type { LandingFile };

/** What a materialisation computes, and where the engine writes it. */
export interface MaterializeRequest {
  readonly node: AssetNode;
  /** `""` when the asset is unpartitioned. */
  readonly partition: string;
  readonly window: TimeWindow | undefined;
  /** Parent key → its published data for this partition. */
  readonly inputs: ReadonlyMap<string, InputRelation>;
  /** The local Parquet file to write. */
  readonly outputPath: string;
  /** For sources: the landing files to load, and the key that hashes PII. */
  readonly landing?: { readonly files: readonly LandingFile[]; readonly piiKey: Buffer | undefined };
}

/** Columns the data had beyond or short of the declaration (schema drift). */
export interface SchemaDrift {
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
}

/** What a materialisation wrote. */
export interface MaterializeResult {
  readonly rows: number;
  readonly drift: SchemaDrift;
}

/** What auditing staged data needs beyond the data itself. */
export interface AuditRequest {
  readonly node: AssetNode;
  readonly partition: string;
  /** The staged data files. */
  readonly files: readonly string[];
  readonly drift: SchemaDrift;
  /** For sources: landed files that look like the pattern's but sit in a subfolder it does not reach (not loaded). */
  readonly unmatchedLandingFiles?: readonly string[];
  /** Published targets of relationships checks, by key. */
  readonly targets: ReadonlyMap<string, InputRelation>;
  /** Row counts of earlier versions, newest first, for volume anomaly. */
  readonly rowHistory: readonly { readonly partition: string; readonly rows: number; readonly publishedAt: Date }[];
  /** The materialisation's clock, for freshness checks. */
  readonly now: Date;
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

/** What an ad-hoc query returned. */
export interface QueryResult {
  readonly rows: Record<string, unknown>[];
  /** Asset key → why its published data could not be read (e.g. a damaged file); the query ran without it. */
  readonly unavailable: ReadonlyMap<string, string>;
}

/**
 * Where data is computed: the SQL dialect and the machinery to run assets and audit them.
 * Backends: DuckDB (embedded default), EMR (Spark), BigQuery.
 */
export interface Engine {
  readonly name: "duckdb" | "emr" | "bigquery";
  readonly dialect: Dialect;
  /** Computes one partition of an asset into staging. Never publishes. */
  materialize(request: MaterializeRequest): Promise<MaterializeResult>;
  /** Runs the asset's checks and profile over staged data. */
  audit(request: AuditRequest): Promise<AuditResult>;
  /**
   * Ad-hoc, read-only SQL over views of published assets: JSON-safe rows, and the assets whose
   * published data could not be read (left out, with why). Nothing else is reachable.
   */
  query(sql: string, views: readonly InputRelation[]): Promise<QueryResult>;
  close(): Promise<void>;
}
