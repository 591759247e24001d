import type { AlertLevel } from "../alerts/alert.ts";
import type { MaterialisationRecord, PublishedVersion, RunTrigger } from "../state/records.ts";
import type { StateStore } from "../state/state-store.ts";

/** A claim on one launch: unique per (asset, partition, trigger, slot, attempt), so it is made once. */
export interface LaunchClaim {
  readonly asset: string;
  readonly partition: string;
  readonly trigger: RunTrigger;
  /** What the launch answers: a cron tick, an upstream version, a missing partition, a failure. */
  readonly slot: string;
  readonly attempt: number;
  readonly tickId: string;
  readonly claimedAt: Date;
}

/** What a tick decided about one (asset, partition), and why. */
export interface DecisionRecord {
  readonly tickId: string;
  readonly asset: string;
  readonly partition: string;
  readonly decidedAt: Date;
  /** `launch`: it ran; `claimed-elsewhere`: another tick had claimed it; `deferred`: a limit held it back. */
  readonly action: "launch" | "claimed-elsewhere" | "deferred";
  readonly trigger: RunTrigger;
  readonly reason: string;
}

/** Per asset: how many partitions are published, and when it last published. */
export interface PublishedSummary {
  readonly partitions: number;
  readonly lastPublishedAt: Date;
}

/** The state a scheduler needs beyond runs and versions. Kept by the same backends. */
export interface SchedulerStore extends StateStore {
  /** Claims a launch; false when any tick (in any process) claimed the same one before. */
  claimLaunch(claim: LaunchClaim): Promise<boolean>;
  recordDecisions(decisions: readonly DecisionRecord[]): Promise<void>;
  /** Newest first. */
  decisions(asset: string, options?: { readonly partition?: string; readonly limit?: number }): Promise<DecisionRecord[]>;
  /** The instant the last completed tick reasoned up to. */
  schedulerCursor(): Promise<Date | undefined>;
  /** Moves the cursor forward (never back). */
  advanceSchedulerCursor(to: Date): Promise<void>;
  publishedSummaries(): Promise<Map<string, PublishedSummary>>;
  /** Versions published in `[since, until]`, for eager assets (a launch's claim makes seeing one twice harmless). */
  publishedBetween(since: Date, until: Date): Promise<PublishedVersion[]>;
  /** Failed materialisations that finished in `(since, until]`. */
  failedBetween(since: Date, until: Date): Promise<MaterialisationRecord[]>;
  /** The attempts made for a launch slot: how many claims exist for it. */
  attempts(asset: string, partition: string, trigger: string, slot: string): Promise<number>;
  /** Materialisations in progress, in any process. */
  runningMaterialisations(): Promise<MaterialisationRecord[]>;
  alertLevels(): Promise<Map<string, AlertLevel>>;
  setAlertLevels(levels: ReadonlyMap<string, AlertLevel>, at: Date): Promise<void>;
  /**
   * Deletes what finished before `before` — runs, materialisations that are not published (with
   * their check results and profiles), decisions and claims — and returns the data files of the
   * deleted materialisations, for the caller to remove. Published versions are kept.
   */
  pruneHistory(before: Date): Promise<{ readonly runs: number; readonly materialisations: number; readonly decisions: number; readonly files: readonly string[] }>;
}

