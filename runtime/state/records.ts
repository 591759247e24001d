/**
 * The records the runtime keeps in its state store: runs, materialisations, check results,
 * profiles and the ingestion ledger. Plain data; timestamps are Dates, JSON fields are objects.
 */

import type { CheckVerdict, CheckVerdictStatus } from "../core/checks/check-verdict.ts";
import type { ColumnProfileReading } from "../core/checks/read-audit.ts";

/** How a run was started. */
export type RunTrigger = "manual" | "schedule" | "freshness" | "eager" | "catch-up" | "stale" | "retry";

/** A run's state; `running` until its process finishes or is found dead. */
export type RunStatus = "running" | "succeeded" | "failed" | "partial";

/** One `lakeform materialize` (or scheduler launch): a set of materialisations. */
export interface RunRecord {
  readonly id: string;
  readonly selection: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly startedAt: Date;
  readonly finishedAt: Date | undefined;
  /** Last sign of life; a running run whose heartbeat is older than its lease is dead. */
  readonly heartbeatAt: Date;
  readonly pid: number;
  readonly host: string;
  /** Counts and totals for display, written when the run finishes. */
  readonly summary: Readonly<Record<string, number>> | undefined;
}

export type NewRun = Pick<RunRecord, "id" | "selection" | "trigger" | "startedAt" | "pid" | "host">;

/**
 * A materialisation's state:
 * - `running`: computing into staging;
 * - `published`: checks passed (or did not block) and the version is visible;
 * - `superseded`: was published, a newer version replaced it;
 * - `blocked`: a blocking check failed; the previous version stays visible;
 * - `failed`: the compute failed; `skipped`: an upstream failed or was blocked in the same run;
 * - `waiting`: its data has not arrived (no landed data, or an upstream waiting); nothing published;
 * - `expired`: was published, and its partition outlived the asset's `retentionDays`: no longer
 *   visible, its files deleted (the reason says why and when).
 */
export type MaterialisationStatus = "running" | "published" | "superseded" | "blocked" | "failed" | "skipped" | "waiting" | "expired";

/**
 * How far a `running` materialisation has come through write-audit-publish, persisted so that a
 * later process can take it on (see `runtime/run/next-step.ts`):
 * `queued` (recorded, nothing submitted) → `submitted` (an engine job, its id recorded) →
 * `staged` (the job succeeded: the new version is written, invisible) → `audited` (its checks
 * passed, waiting to be published with its siblings) → a terminal {@link MaterialisationStatus}
 * (`published`, `blocked`, `failed`; a cancelled job ends `failed` with the reason). A finished
 * materialisation keeps the last phase it reached.
 */
export type MaterialisationPhase = "queued" | "submitted" | "staged" | "audited";

/** One attempt at computing one partition (`""` when unpartitioned) of one asset. */
export interface MaterialisationRecord {
  readonly id: number;
  readonly runId: string;
  readonly asset: string;
  readonly partition: string;
  /** Unique id of the data version this attempt wrote (its staging files carry it). */
  readonly version: string;
  readonly fingerprint: string;
  readonly status: MaterialisationStatus;
  readonly startedAt: Date;
  readonly finishedAt: Date | undefined;
  readonly publishedAt: Date | undefined;
  readonly rows: number | undefined;
  readonly bytes: number | undefined;
  /** Object-store paths of the version's data files. */
  readonly files: readonly string[];
  /** Why it failed, was blocked or skipped. */
  readonly reason: string | undefined;
  /** Milliseconds per phase, e.g. `{ compute: 120, checks: 30, publish: 2 }`. */
  readonly timings: Readonly<Record<string, number>>;
  /** Size and SHA-256 of each of `files`, once staged (empty before, and for versions published before migration 4). */
  readonly digests: readonly FileDigest[];
  /** How far write-audit-publish came (see {@link MaterialisationPhase}). */
  readonly phase: MaterialisationPhase;
  /** The engine job computing it, once submitted; a later process re-attaches to it by this id. */
  readonly jobId: string | undefined;
  /**
   * Whether the job was left running when the process that submitted it returned (a tick on an
   * engine whose jobs do not complete inline): then the job, not that process, carries it on, and
   * a later tick advances it; a dead process does not make it abandoned.
   */
  readonly detached: boolean;
}

/** What reaching a phase records: the job (`submitted`), the staged version (`staged`). */
export interface PhaseChange {
  readonly phase: Exclude<MaterialisationPhase, "queued">;
  readonly jobId?: string;
  /** See {@link MaterialisationRecord.detached}. @default unchanged */
  readonly detached?: boolean;
  /** The staged version: rows, bytes, files and their digests, so it can be published later from the record alone. */
  readonly rows?: number;
  readonly bytes?: number;
  readonly files?: readonly string[];
  readonly digests?: readonly FileDigest[];
  readonly timings?: Readonly<Record<string, number>>;
}

export type NewMaterialisation = Pick<MaterialisationRecord, "runId" | "asset" | "partition" | "version" | "fingerprint" | "startedAt">;

/** How a materialisation attempt ended (before publishing). */
export interface MaterialisationOutcome {
  readonly status: Exclude<MaterialisationStatus, "running" | "published" | "superseded" | "expired">;
  readonly finishedAt: Date;
  readonly rows?: number;
  readonly bytes?: number;
  readonly files?: readonly string[];
  readonly reason?: string;
  readonly timings?: Readonly<Record<string, number>>;
}

/** The visible version of one partition of an asset. */
export interface PublishedVersion {
  readonly asset: string;
  readonly partition: string;
  readonly version: string;
  readonly materialisationId: number;
  readonly fingerprint: string;
  readonly publishedAt: Date;
  readonly rows: number;
  readonly files: readonly string[];
  /**
   * Size and SHA-256 of each of `files` as they were published; empty for versions published
   * before Lakeform recorded them (those are not checked).
   */
  readonly digests: readonly FileDigest[];
}

/** What `expirePartitions` did: the versions it unpublished, and the data files for the caller to delete. */
export interface ExpiredPartitions {
  /** The versions that were published and are now `expired`, by partition. */
  readonly expired: readonly MaterialisationRecord[];
  /** Data files of every finished materialisation of the expired partitions (expired, superseded, blocked, …). */
  readonly files: readonly string[];
}

/** What one data file of a version was when it was published: its object key, size and SHA-256 (hex). */
export interface FileDigest {
  readonly key: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** `pass`; `warn` (a warning failed); `fail` (an error failed); `error` (the check could not run). */
export type CheckStatus = CheckVerdictStatus;

/** The outcome of one check on one materialisation: the engine's verdict, where and when. */
export interface CheckResultRecord extends CheckVerdict {
  readonly materialisationId: number;
  readonly asset: string;
  readonly partition: string;
  readonly evaluatedAt: Date;
}

/** Statistics of one column in a profile (p25, p50, p75 for numbers, when cheap). */
export type ColumnProfile = ColumnProfileReading;

/** The profile of one materialisation. */
export interface ProfileRecord {
  readonly materialisationId: number;
  readonly asset: string;
  readonly partition: string;
  readonly rows: number;
  readonly columns: readonly ColumnProfile[];
  readonly profiledAt: Date;
}

/** A landing file loaded into the raw tier, remembered so reruns stay identical. */
export interface LoadedFile {
  readonly source: string;
  /** Path relative to the landing directory. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly batchId: string;
  readonly loadedAt: Date;
}

/** The fingerprint of the key that hashes PII, as the state store keeps it (never the key itself). */
export interface PiiKeyRecord {
  readonly fingerprint: string;
  readonly recordedAt: Date;
  /** The fingerprint this one replaced with `lakeform pii rotate-key`, if any. */
  readonly previousFingerprint: string | undefined;
}

/** The level of an alertable condition, remembered per (asset, partition, kind) so that alerts go out once per change. */
export type AlertLevel = "ok" | "warn" | "fail";
