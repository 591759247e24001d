import type { MaterializationPlan } from "./materialization-plan.ts";
import type { ProgressReporter } from "./progress-reporter.ts";
import type { RunReport, RunTotals, StepResult } from "./run-report.ts";
import type { RunServices } from "./run-services.ts";
import type { RunTrigger } from "../state/records.ts";

/** What every run event carries: the run, the scheduler tick that launched it (if any), and when. */
export interface RunEventContext {
  readonly runId: string;
  /** The tick whose launches the run executes. @default undefined: a run started by hand */
  readonly tickId: string | undefined;
  readonly at: Date;
}

/** How a run ended for its observers: `submitted` when detached jobs carry it on past this process. */
export type ObservedRunStatus = "succeeded" | "partial" | "failed" | "submitted";

/**
 * Follows runs as they go, for what records them elsewhere (OpenLineage events, run logs). Each
 * method is optional and called synchronously at its moment; an observer that has slow work to
 * do (a network call) queues it and finishes it in `flush`. An observer never fails a run: what
 * it throws is said through `RunServices.warn` and the run goes on.
 */
export interface RunObserver {
  runStarted?(event: RunEventContext & { readonly selection: string; readonly trigger: RunTrigger }): void;
  stepStarted?(event: RunEventContext & { readonly key: string; readonly partition: string }): void;
  stepFinished?(event: RunEventContext & { readonly result: StepResult }): void;
  runFinished?(event: RunEventContext & { readonly status: ObservedRunStatus; readonly totals: RunTotals | undefined; readonly error: string | undefined }): void;
  /** Waits for queued work (events in flight to an endpoint). */
  flush?(): Promise<void>;
}

/** Calls `services.observer` when there is one; what it throws is a warning, never the run's failure. */
export function notifyObserver(services: RunServices, call: (observer: RunObserver) => void): void {
  const observer = services.observer;
  if (observer === undefined) return;
  try {
    call(observer);
  } catch (error) {
    (services.warn ?? ((message: string) => process.stderr.write(`${message}\n`)))(`A run observer failed (the run goes on): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** How a finished run's totals read as its status, as `executePlan` records it. */
export function observedStatus(report: RunReport): ObservedRunStatus {
  const { totals } = report;
  if (report.results.some((r) => r.status === "submitted")) return "submitted";
  return totals.failed + totals.blocked + totals.skipped === 0 ? "succeeded" : totals.published > 0 ? "partial" : "failed";
}

/**
 * `reporter`, telling `services.observer` too: the run's start, each step's start and outcome,
 * and its end. `executePlan` wraps its reporter with it, so observers see what reporters see.
 */
export function observedReporter(reporter: ProgressReporter, services: RunServices, trigger: RunTrigger): ProgressReporter {
  if (services.observer === undefined) return reporter;
  let runId = "";
  const context = () => ({ runId, tickId: services.tickId, at: services.now() });
  return {
    started(plan: MaterializationPlan, id: string) {
      runId = id;
      reporter.started(plan, id);
      notifyObserver(services, (o) => o.runStarted?.({ ...context(), selection: plan.selection, trigger }));
    },
    stepStarted(key, partition) {
      reporter.stepStarted(key, partition);
      notifyObserver(services, (o) => o.stepStarted?.({ ...context(), key, partition }));
    },
    stepFinished(result) {
      reporter.stepFinished(result);
      notifyObserver(services, (o) => o.stepFinished?.({ ...context(), result }));
    },
    finished(report) {
      reporter.finished(report);
      notifyObserver(services, (o) => o.runFinished?.({ ...context(), status: observedStatus(report), totals: report.totals, error: undefined }));
    },
  };
}

/** Tells `services.observer` that run `runId` was cut short by `error` (see `executePlan`). */
export function observeCutShort(services: RunServices, runId: string, error: unknown): void {
  notifyObserver(services, (o) => o.runFinished?.({ runId, tickId: services.tickId, at: services.now(), status: "failed", totals: undefined, error: error instanceof Error ? error.message : String(error) }));
}

/** One observer telling each of `observers` in turn; `flush` waits for all of them. */
export function combineObservers(observers: readonly RunObserver[]): RunObserver {
  const each = (call: (o: RunObserver) => void) => {
    for (const o of observers) call(o);
  };
  return {
    runStarted: (e) => each((o) => o.runStarted?.(e)),
    stepStarted: (e) => each((o) => o.stepStarted?.(e)),
    stepFinished: (e) => each((o) => o.stepFinished?.(e)),
    runFinished: (e) => each((o) => o.runFinished?.(e)),
    flush: async () => {
      await Promise.all(observers.map((o) => o.flush?.()));
    },
  };
}

/**
 * Tells `services.observer` how detached jobs of one run ended (`advanceInFlight`, in a later
 * tick): each result under the run that submitted it.
 */
export function observeSettled(services: RunServices, group: readonly { readonly materialisation: { readonly runId: string } }[], results: readonly StepResult[]): void {
  const runId = group[0]?.materialisation.runId;
  if (runId === undefined) return;
  for (const result of results) notifyObserver(services, (o) => o.stepFinished?.({ runId, tickId: services.tickId, at: services.now(), result }));
}
