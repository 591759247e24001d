import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { RunEventContext, RunObserver } from "../run/run-observer.ts";
import type { StepResult } from "../run/run-report.ts";
import { logFileOf } from "./log-partitions.ts";
import type { LogLevel, RunLogLine } from "./run-log-line.ts";

function levelOf(result: StepResult): LogLevel {
  switch (result.status) {
    case "failed":
      return "error";
    case "blocked":
    case "skipped":
      return "warn";
    default:
      return "info";
  }
}

function stepMessage(result: StepResult): string {
  const where = `${result.key}${result.partition === "" ? "" : ` [${result.partition}]`}`;
  const rows = result.rows === undefined ? "" : ` (${result.rows} rows)`;
  const reason = result.reason === undefined ? "" : `: ${result.reason.split("\n")[0] ?? ""}`;
  const checks = result.checks.filter((c) => c.status !== "pass").map((c) => `; check ${c.check} ${c.status}: ${c.message}`).join("");
  return `${where} ${result.status}${rows}${reason}${checks}`;
}

/**
 * A `RunObserver` that writes each run's log as JSON lines to the logs tier, one file per run
 * and date partition (`<logsDir>/runs/dt=YYYY-MM-DD/<runId>.jsonl`, see `logFileOf`). Lines are
 * appended as they happen (synchronously, so a run killed midway leaves what it did).
 *
 * @example const services = { ...runtime, observer: runLogWriter(workspace.logsDir) };
 */
export function runLogWriter(logsDir: string): RunObserver {
  const write = (context: RunEventContext, line: Omit<RunLogLine, "time" | "run_id" | "tick_id">) => {
    const file = logFileOf(logsDir, "runs", context.at, context.runId);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const full: RunLogLine = { time: context.at.toISOString(), run_id: context.runId, tick_id: context.tickId ?? null, ...line };
    appendFileSync(file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
  };
  const none = { asset: null, partition: null, status: null, rows: null, duration_ms: null };
  return {
    runStarted(e) {
      write(e, { ...none, level: "info", event: "run_started", message: `run started (${e.trigger}): ${e.selection}` });
    },
    stepStarted(e) {
      write(e, { ...none, level: "info", event: "step_started", asset: e.key, partition: e.partition, message: `${e.key}${e.partition === "" ? "" : ` [${e.partition}]`} started` });
    },
    stepFinished(e) {
      const r = e.result;
      write(e, { level: levelOf(r), event: "step_finished", asset: r.key, partition: r.partition, status: r.status, rows: r.rows ?? null, duration_ms: r.durationMs, message: stepMessage(r) });
    },
    runFinished(e) {
      const counts = e.totals === undefined ? "" : ` — ${e.totals.published} published, ${e.totals.failed} failed, ${e.totals.blocked} blocked, ${e.totals.skipped} skipped, ${e.totals.waiting} waiting`;
      const error = e.error === undefined ? "" : `: ${e.error}`;
      write(e, { ...none, level: e.status === "failed" ? "error" : e.status === "partial" ? "warn" : "info", event: "run_finished", status: e.status, rows: e.totals?.rows ?? null, message: `run ${e.status}${counts}${error}` });
    },
  };
}
