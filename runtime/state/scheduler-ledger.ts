import type { MaterialisationRecord, PublishedVersion, RunTrigger } from "./records.ts";

/**
 * A tick's claim on one launch, made through the state store before it runs. Two rules make a
 * launch happen once, whatever process decides it:
 *
 * - **In flight, one holder per (asset, partition).** While a tick holds a claim on an (asset,
 *   partition) and is still at work on it — not finished, and alive: its process on this host, a
 *   lease elsewhere, then its run's own liveness once the run started (see `isClaimInFlight`) —
 *   no other tick launches that (asset, partition), whatever its trigger or slot. Two ticks that
 *   decide the same partition at the same instant, one for catch-up and one because its upstream
 *   published, launch it once. A claim made by another tick at or after this claim's instant
 *   (`claimedAt`) refuses it too, even if that tick is done: both decided from the same state.
 * - **Each scheduling reason once.** The record of (asset, partition, trigger, slot, attempt) is
 *   made once: a cron tick, an upstream version, a retry after a given failure, a partition
 *   found missing… Legitimately distinct launches have distinct slots (a later cron tick, a new
 *   upstream version, a retry after a new failure) and still launch.
 *
 * A claim whose holder died (or failed) before its run started is *stranded*: the next tick that
 * decides the same launch takes it over and launches it, exactly once (see `isClaimStranded`).
 * A claim whose run started is never taken over: a run that died is failed and retried by the
 * retry policy, within its limit.
 */
export interface LaunchClaim {
  readonly asset: string;
  readonly partition: string;
  readonly trigger: RunTrigger;
  /** What the launch answers: a cron tick, an upstream version, a missing partition, a failure. */
  readonly slot: string;
  readonly attempt: number;
  readonly tickId: string;
  /** The claiming tick's instant; also the `now` against which other holders' liveness is judged. */
  readonly claimedAt: Date;
  /** The claiming tick's host and process, for its liveness. */
  readonly host: string;
  readonly pid: number;
}

/** What a tick decided about one (asset, partition), and why. */
export interface DecisionRecord {
  readonly tickId: string;
  readonly asset: string;
  readonly partition: string;
  readonly decidedAt: Date;
  /**
   * `launch`: it ran; `claimed-elsewhere`: another tick had claimed it; `deferred`: a limit held it
   * back; `waiting`: it ran and found no landed data (or its upstream was waiting) — nothing published.
   */
  readonly action: "launch" | "claimed-elsewhere" | "deferred" | "waiting";
  readonly trigger: RunTrigger;
  readonly reason: string;
}

/** Per asset: how many partitions are published, and when it last published. */
export interface PublishedSummary {
  readonly partitions: number;
  readonly lastPublishedAt: Date;
}

/**
 * What the scheduler keeps beyond runs and versions: launch claims and the ticks that hold them,
 * decisions, its cursor, and the views of versions and materialisations a tick loads; history
 * pruning for `lakeform gc`.
 */
export interface SchedulerLedger {
  /**
   * Claims a launch (see {@link LaunchClaim}); false when another tick holds the (asset,
   * partition) in flight, claimed it at or after this instant, or made the same launch before —
   * unless that claim was stranded, then it is taken over.
   */
  claimLaunch(claim: LaunchClaim): Promise<boolean>;
  /** Records that the tick's claimed launches started as `runId`: from now on its claims are never taken over. */
  startLaunches(tickId: string, runId: string): Promise<void>;
  /** Records that the tick is done with its claims (ran them, or gave up): they are no longer in flight. */
  finishLaunches(tickId: string, at: Date): Promise<void>;
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
  /** For each (asset, partition) whose newest materialisation is `waiting` (for data): that materialisation, by asset and partition. */
  waitingMaterialisations(): Promise<MaterialisationRecord[]>;
  /**
   * For each (asset, partition) that is not published and whose newest materialisation was
   * blocked by its checks or skipped for its upstream: that materialisation.
   */
  blockedOrSkippedMaterialisations(): Promise<MaterialisationRecord[]>;
  /** The attempts made for a launch slot: how many claims exist for it. */
  attempts(asset: string, partition: string, trigger: string, slot: string): Promise<number>;
  /** Materialisations in progress, in any process. */
  runningMaterialisations(): Promise<MaterialisationRecord[]>;
  /**
   * Deletes what finished before `before` — runs, materialisations that are not published (with
   * their check results and profiles), decisions and claims — and returns the data files of the
   * deleted materialisations, for the caller to remove. Published versions are kept.
   */
  pruneHistory(before: Date): Promise<{ readonly runs: number; readonly materialisations: number; readonly decisions: number; readonly files: readonly string[] }>;
  /**
   * Every data file that some materialisation lists (published, superseded, blocked, …), sorted:
   * `lakeform gc` keeps these, and deletes the files no row accounts for (left by killed runs).
   */
  recordedFiles(): Promise<string[]>;
}
