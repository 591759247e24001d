import type { CheckOutcome } from "../engines/engine.ts";

/**
 * How one (asset, partition) of a run ended. `waiting`: its data has not arrived (a source with
 * no landed data, or an asset whose upstream is waiting) — nothing was published, and that is
 * not a failure. `submitted`: its job runs on past this process (a tick on an engine whose jobs
 * do not complete inline); a later tick audits and publishes it.
 */
export type StepStatus = "published" | "blocked" | "failed" | "skipped" | "waiting" | "submitted";

/** The outcome of one (asset, partition) in a run. */
export interface StepResult {
  readonly key: string;
  readonly partition: string;
  readonly status: StepStatus;
  readonly rows: number | undefined;
  readonly checks: readonly CheckOutcome[];
  /** Why it was blocked, failed, skipped or is waiting (or which job it was submitted as). */
  readonly reason: string | undefined;
  readonly durationMs: number;
}

/** Counts for the end-of-run summary. */
export interface RunTotals {
  readonly published: number;
  readonly blocked: number;
  readonly failed: number;
  readonly skipped: number;
  readonly waiting: number;
  readonly checksPassed: number;
  readonly checksWarned: number;
  /** Checks that ran and failed. */
  readonly checksFailed: number;
  /** Checks that could not run (their query errored), whatever their severity. */
  readonly checksErrored: number;
  readonly rows: number;
}

/** What a run did. */
export interface RunReport {
  readonly runId: string;
  readonly results: readonly StepResult[];
  readonly totals: RunTotals;
  readonly durationMs: number;
}

/** Totals over step results. */
export function totalsOf(results: readonly StepResult[]): RunTotals {
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const checks = results.flatMap((r) => r.checks);
  return {
    published: count("published"),
    blocked: count("blocked"),
    failed: count("failed"),
    skipped: count("skipped"),
    waiting: count("waiting"),
    checksPassed: checks.filter((c) => c.status === "pass").length,
    checksWarned: checks.filter((c) => c.status === "warn").length,
    checksFailed: checks.filter((c) => c.status === "fail").length,
    checksErrored: checks.filter((c) => c.status === "error").length,
    rows: results.reduce((sum, r) => sum + (r.status === "published" ? (r.rows ?? 0) : 0), 0),
  };
}
