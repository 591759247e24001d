import type {
  CheckResultRecord,
  FileDigest,
  LoadedFile,
  MaterialisationOutcome,
  MaterialisationRecord,
  NewMaterialisation,
  NewRun,
  PiiKeyRecord,
  ProfileRecord,
  PublishedVersion,
  RunRecord,
  RunStatus,
} from "./records.ts";

/**
 * Where the runtime keeps what happened: runs, materialisations, check results, profiles,
 * published versions and the ingestion ledger. Backends: SQLite (embedded default) and
 * PostgreSQL (shared). Every backend passes the same contract tests, and is safe to use from
 * several processes at once.
 */
export interface StateStore {
  createRun(run: NewRun): Promise<RunRecord>;
  /** Records a sign of life of a running run. */
  heartbeat(runId: string, at: Date): Promise<void>;
  finishRun(runId: string, status: Exclude<RunStatus, "running">, finishedAt: Date, summary: Readonly<Record<string, number>>): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(options?: { readonly limit?: number }): Promise<RunRecord[]>;

  startMaterialisation(materialisation: NewMaterialisation): Promise<MaterialisationRecord>;
  finishMaterialisation(id: number, outcome: MaterialisationOutcome): Promise<MaterialisationRecord>;
  /**
   * Publishes the given `running` materialisations in one transaction: each becomes the visible
   * version of its (asset, partition), the previous one becomes `superseded`. Readers see all of
   * the old versions or all of the new, never a mix. `digests` (size and SHA-256 of the files)
   * are kept with the version so readers can detect a file changed since; none by default.
   */
  publish(items: readonly { readonly id: number; readonly rows: number; readonly bytes: number; readonly files: readonly string[]; readonly digests?: readonly FileDigest[]; readonly timings: Readonly<Record<string, number>> }[], at: Date): Promise<void>;
  /** The visible versions of `asset`, for the given partitions or all of them, by partition. */
  publishedVersions(asset: string, partitions?: readonly string[]): Promise<PublishedVersion[]>;
  /** Newest first; optionally only one partition. */
  materialisationHistory(asset: string, options?: { readonly limit?: number; readonly partition?: string }): Promise<MaterialisationRecord[]>;
  /** The newest materialisation of each given asset (any status), keyed by asset. */
  latestMaterialisations(assets: readonly string[]): Promise<Map<string, MaterialisationRecord>>;
  /**
   * Row counts of the last `limit` published versions of `asset` (superseded ones included, one
   * per partition, newest partition first), excluding `excludePartition`; for volume anomaly.
   */
  publishedRowCounts(asset: string, options: { readonly limit: number; readonly excludePartition?: string }): Promise<{ partition: string; rows: number; publishedAt: Date }[]>;
  /** Marks `running` materialisations of runs that are no longer alive as failed; returns them. */
  failAbandoned(isAlive: (run: RunRecord) => boolean, at: Date): Promise<MaterialisationRecord[]>;

  recordCheckResults(results: readonly CheckResultRecord[]): Promise<void>;
  /** Results of the newest materialisation of `asset` that has results, or of `materialisationId`. */
  checkResults(asset: string, options?: { readonly materialisationId?: number; readonly partition?: string }): Promise<CheckResultRecord[]>;
  recordProfile(profile: ProfileRecord): Promise<void>;
  latestProfile(asset: string, partition?: string): Promise<ProfileRecord | undefined>;

  /** Remembers loaded landing files; a file already known (same source, path, sha256) is kept as it was. */
  recordLoadedFiles(files: readonly LoadedFile[]): Promise<void>;
  /** The ledger entries of `source` for these files (matched on path and sha256). */
  loadedFiles(source: string, files: readonly { readonly path: string; readonly sha256: string }[]): Promise<LoadedFile[]>;

  /** The fingerprint of the PII key in force, or undefined before any PII was hashed. */
  piiKeyFingerprint(): Promise<PiiKeyRecord | undefined>;
  /**
   * Records `fingerprint` as the PII key in force unless one is recorded already (the first
   * writer wins, in any process), and returns the one in force.
   */
  recordPiiKeyFingerprint(fingerprint: string, at: Date): Promise<PiiKeyRecord>;
  /** Makes `fingerprint` the PII key in force (`lakeform pii rotate-key`), keeping the one it replaces. */
  rotatePiiKeyFingerprint(fingerprint: string, at: Date): Promise<PiiKeyRecord>;

  close(): Promise<void>;
}
