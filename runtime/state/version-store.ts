import type { ExpiredPartitions, FileDigest, MaterialisationOutcome, MaterialisationRecord, NewMaterialisation, PhaseChange, PublishedVersion, RunRecord } from "./records.ts";

/**
 * Materialisations and the versions they publish: the visible version of each (asset,
 * partition) changes only through `publish`, atomically.
 */
export interface VersionStore {
  startMaterialisation(materialisation: NewMaterialisation): Promise<MaterialisationRecord>;
  finishMaterialisation(id: number, outcome: MaterialisationOutcome): Promise<MaterialisationRecord>;
  /**
   * Moves a `running` materialisation on to `change.phase` (never back: queued → submitted →
   * staged → audited), recording its job id, whether the job is detached from this process, and
   * the staged version. @throws when it is not running or the phase would go back.
   */
  recordPhase(id: number, change: PhaseChange): Promise<MaterialisationRecord>;
  /** `running` materialisations whose jobs are detached (see `MaterialisationRecord.detached`), oldest first: what a tick advances. */
  inFlightMaterialisations(): Promise<MaterialisationRecord[]>;
  /** Every materialisation of run `runId`, oldest first. */
  materialisationsOfRun(runId: string): Promise<MaterialisationRecord[]>;
  /**
   * Publishes the given `running` materialisations in one transaction: each becomes the visible
   * version of its (asset, partition), the previous one becomes `superseded`. Readers see all of
   * the old versions or all of the new, never a mix. `digests` (size and SHA-256 of the files)
   * are kept with the version so readers can detect a file changed since; none by default.
   */
  publish(items: readonly { readonly id: number; readonly rows: number; readonly bytes: number; readonly files: readonly string[]; readonly digests?: readonly FileDigest[]; readonly timings: Readonly<Record<string, number>> }[], at: Date): Promise<void>;
  /** The visible versions of `asset`, for the given partitions or all of them, by partition. */
  publishedVersions(asset: string, partitions?: readonly string[]): Promise<PublishedVersion[]>;
  /**
   * Expires `partitions` of `asset` (retention) in one transaction: the visible version of each
   * becomes `expired` (finished at `at`, with `reason`) and is no longer published; partitions
   * without a published version are left alone. Returns the expired versions (by partition) and
   * the data files of every finished materialisation of those partitions, for the caller to delete.
   */
  expirePartitions(asset: string, partitions: readonly string[], at: Date, reason: string): Promise<ExpiredPartitions>;
  /** Newest first; optionally only one partition. */
  materialisationHistory(asset: string, options?: { readonly limit?: number; readonly partition?: string }): Promise<MaterialisationRecord[]>;
  /** The newest materialisation of each given asset (any status), keyed by asset. */
  latestMaterialisations(assets: readonly string[]): Promise<Map<string, MaterialisationRecord>>;
  /**
   * Row counts of the last `limit` published versions of `asset` (superseded ones included, one
   * per partition, newest partition first), excluding `excludePartition`; for volume anomaly.
   */
  publishedRowCounts(asset: string, options: { readonly limit: number; readonly excludePartition?: string }): Promise<{ partition: string; rows: number; publishedAt: Date }[]>;
  /**
   * Marks `running` materialisations of runs that are no longer alive as failed, and those runs
   * too; returns them. Detached materialisations are left to their jobs (a later tick advances
   * them), and a run that still has some stays running.
   */
  failAbandoned(isAlive: (run: RunRecord) => boolean, at: Date): Promise<MaterialisationRecord[]>;
}
