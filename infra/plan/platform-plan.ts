import type { ColumnType, EngineName, PiiKind, PiiTreatment, ScheduleSpec, Tier } from "lakeform";
import type { Environment } from "./environment.ts";

/**
 * What one environment needs, compiled from the asset graph and the stack's configuration by
 * {@link compile}: plain, frozen, JSON-serialisable data with no Pulumi in it. The cloud
 * components (`infra/aws`, `infra/gcp`) only map it to resources, `lakeform plan` renders and
 * diffs it, and `policies/` checks it. Every list is sorted, so two compilations of the same
 * catalog and stack are byte-identical.
 */
export interface PlatformPlan {
  /** The plan's format; bumped when a field changes meaning. */
  readonly formatVersion: 1;
  readonly environment: Environment;
  /** The asset graph's fingerprint: the same catalog always gives the same value. */
  readonly catalogFingerprint: string;
  /** Object-store buckets, one per tier plus landing, logs and artifacts. */
  readonly buckets: readonly BucketPlan[];
  /** One catalog database per tier. */
  readonly databases: readonly DatabasePlan[];
  /** One catalog table per asset, sources included. */
  readonly tables: readonly TablePlan[];
  /** What each consumer role may read: one grant per (role, table). */
  readonly grants: readonly GrantPlan[];
  /** Per asset: where it is computed, when, under which guard, and which prefixes it touches. */
  readonly compute: readonly ComputePlan[];
  /** The runtime in the environment: `lakeform tick` on a schedule, its state and secrets. */
  readonly scheduler: SchedulerPlan;
  /** Every resource the plan asks for, by a stable id, for diffs and destroy protection. */
  readonly resources: readonly PlannedResource[];
  /** Monthly cost estimate, per asset and for the platform. */
  readonly cost: CostEstimate;
}

/** What a bucket holds. The three tiers hold published data; landing holds files as delivered. */
export type BucketRole = Tier | "landing" | "logs" | "artifacts";
export const BUCKET_ROLES: readonly BucketRole[] = ["landing", "raw", "clean", "curated", "logs", "artifacts"];

/**
 * Provider-neutral storage classes, cheapest last: AWS maps them to STANDARD_IA, GLACIER_IR and
 * DEEP_ARCHIVE; GCP to NEARLINE, COLDLINE and ARCHIVE.
 */
export type StorageClass = "infrequent" | "archive-instant" | "archive";

/** Move objects to a cheaper class once they are `afterDays` old. */
export interface StorageTransition {
  readonly afterDays: number;
  readonly storageClass: StorageClass;
}

/** Delete objects under `prefix` once they are `afterDays` old (an asset's retention). */
export interface PrefixExpiration {
  /** Ends with `/`. */
  readonly prefix: string;
  readonly afterDays: number;
  /** The asset whose retention this is. */
  readonly asset: string;
}

/** A bucket and its lifecycle. */
export interface BucketPlan {
  readonly role: BucketRole;
  /** The logical name, `lf-prod-raw`; bucket names are global, so the cloud components append the account or project. */
  readonly name: string;
  readonly transitions: readonly StorageTransition[];
  readonly expirations: readonly PrefixExpiration[];
  /** Delete every object once it is this many days old (landing and logs). */
  readonly expireAfterDays?: number;
  /** Days a replaced or deleted object version is kept (versioning is always on). */
  readonly noncurrentVersionDays: number;
  /** Days after which an unfinished multipart upload is aborted. */
  readonly abortIncompleteUploadDays: number;
  /** Protected from `pulumi destroy` (and retained if removed from the program). */
  readonly protected: boolean;
}

/** A catalog database (Glue database, BigQuery dataset) holding one tier's tables. */
export interface DatabasePlan {
  readonly tier: Tier;
  /** `lf_prod_clean`: letters, digits and underscores. */
  readonly name: string;
  readonly bucket: string;
  readonly protected: boolean;
}

/** A column's type in each place it is written down. */
export interface ColumnTypes {
  readonly duckdb: string;
  readonly spark: string;
  readonly bigquery: string;
  /** The Hive/Glue type (`bigint`, `decimal(12,2)`, `timestamp`). */
  readonly glue: string;
}

/** One column of a table, as the catalog publishes it. */
export interface TableColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly types: ColumnTypes;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly description?: string;
  /** Personal data: its kind and how it was treated at the door (never `drop`: dropped columns are not in tables). */
  readonly pii?: { readonly kind: PiiKind; readonly treatment: Exclude<PiiTreatment, "drop"> };
  /** Written by the loader (`_loaded_at`, `_source_file`, `_batch_id`), not declared. */
  readonly loadMetadata?: true;
  /** Declared `.deprecated(reason)`: a later release may remove, rename or narrow it. */
  readonly deprecated?: string;
}

/** How a table's files are partitioned into Hive-style directories. */
export interface TablePartitioning {
  /** `dt` for time windows, `key` for static keys. */
  readonly column: "dt" | "key";
  readonly kind: "time" | "static";
  readonly granularity?: "hourly" | "daily" | "monthly";
  readonly timezone?: string;
}

/** One asset's catalog table. */
export interface TablePlan {
  readonly asset: string;
  readonly kind: "asset" | "source";
  readonly tier: Tier;
  readonly database: string;
  /** The table's name in its database: the key without its tier, `/` → `__`. */
  readonly name: string;
  readonly description?: string;
  readonly columns: readonly TableColumn[];
  readonly partitioning?: TablePartitioning;
  /** Where its files live: the table's prefix, under which each version has its own directory. */
  readonly location: { readonly bucket: string; readonly prefix: string };
  readonly owners: readonly string[];
  readonly tags: readonly string[];
  readonly group?: string;
  readonly retentionDays?: number;
  /** Declared PII columns dropped at the door: recorded so governance can see them, never stored. */
  readonly droppedPiiColumns: readonly string[];
  readonly protected: boolean;
}

/** Read access of one consumer role to one table; PII columns only when the role may see them. */
export interface GrantPlan {
  readonly role: string;
  /** The cloud principal (an IAM role ARN, a Google group) from stack config. */
  readonly principal: string;
  readonly asset: string;
  readonly database: string;
  readonly table: string;
  /** The columns granted; every column when `excludedColumns` is empty. */
  readonly columns: readonly string[];
  /** PII columns withheld from this role. */
  readonly excludedColumns: readonly string[];
}

/** A place data is read from or written to: a bucket and a prefix (ending in `/`). */
export interface DataPrefix {
  readonly bucket: string;
  readonly prefix: string;
}

/** The EMR cluster an asset's runs launch (ephemeral: it lives only while its step runs). */
export interface ClusterPlan {
  readonly releaseLabel: string;
  /** Preferred first: the primary node takes the first; spot core nodes spread across all. */
  readonly instanceTypes: readonly string[];
  /** Core nodes besides the primary node. */
  readonly coreNodes: number;
  /** Spot instances for core nodes (the primary node stays on demand). */
  readonly spot: boolean;
}

/** How one asset is computed in this environment. */
export interface ComputePlan {
  readonly asset: string;
  readonly engine: EngineName;
  readonly schedule: ScheduleSpec;
  /** Runs a month the schedule implies (for cost): a cron's ticks, or an assumption for eager/on demand. */
  readonly runsPerMonth: number;
  readonly costGuard?: { readonly maxBytesBilled?: number; readonly maxRuntimeMinutes?: number };
  readonly reads: readonly DataPrefix[];
  readonly writes: DataPrefix;
  /** For `emr`: the cluster each run launches. */
  readonly cluster?: ClusterPlan;
}

/** The runtime in the environment: a short `lakeform tick` task every `intervalMinutes`. */
export interface SchedulerPlan {
  readonly intervalMinutes: number;
  /** The container image (`lakeform` CLI), from stack config. */
  readonly image: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  /** The assumed length of one tick, for cost. */
  readonly tickMinutes: number;
  readonly state: { readonly engine: "postgres"; readonly instanceClass: string; readonly storageGiB: number };
  /** Secret names (in the cloud's secret manager). */
  readonly secrets: { readonly stateUrl: string; readonly piiKey: string; readonly alertWebhook?: string };
  readonly logRetentionDays: number;
}

/** A resource the plan asks for, named provider-neutrally. */
export interface PlannedResource {
  /** Stable across compilations: `table:clean/orders`, `bucket:raw`, `grant:analysts:curated/daily_revenue`. */
  readonly id: string;
  readonly kind: "bucket" | "database" | "table" | "grant" | "expiration" | "compute" | "scheduler" | "state-database" | "secret" | "key" | "role";
  /** The asset it belongs to, when it belongs to one. */
  readonly asset?: string;
  /** Holds data: removing it destroys data unless it is protected. */
  readonly holdsData: boolean;
  readonly protected: boolean;
  /** A digest of what the resource is configured with: a changed value means a changed resource. */
  readonly digest: string;
}

/** One line of a cost estimate. */
export interface CostItem {
  readonly what: string;
  readonly monthlyUsd: number;
  /** How it was computed, for people: `12 GiB × $0.023/GiB-month`. */
  readonly basis: string;
}

/** Monthly cost, estimated from a dated price table. */
export interface CostEstimate {
  readonly currency: "USD";
  /** The price table used: its region, date and source. */
  readonly prices: { readonly region: string; readonly asOf: string; readonly source: string };
  readonly perAsset: readonly { readonly asset: string; readonly monthlyUsd: number; readonly items: readonly CostItem[] }[];
  /** What the platform costs whatever its assets (scheduler, state database, keys, secrets). */
  readonly platform: readonly CostItem[];
  readonly totalMonthlyUsd: number;
  /** What the estimate assumed where nothing was observed. */
  readonly assumptions: readonly string[];
}
