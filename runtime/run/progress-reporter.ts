import type { MaterializationPlan } from "./materialization-plan.ts";
import type { RunReport, StepResult } from "./run-report.ts";

/** Receives a run's progress: a bar on a terminal, lines in logs, nothing for --json. */
export interface ProgressReporter {
  started(plan: MaterializationPlan, runId: string): void;
  stepStarted(key: string, partition: string): void;
  stepFinished(result: StepResult): void;
  finished(report: RunReport): void;
}

/** A reporter that reports nothing. */
export const silentReporter: ProgressReporter = { started() {}, stepStarted() {}, stepFinished() {}, finished() {} };
