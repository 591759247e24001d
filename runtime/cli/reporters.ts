import { plural } from "../core/checks/format-count.ts";
import type { MaterializationPlan } from "../run/materialization-plan.ts";
import type { ProgressReporter } from "../run/progress-reporter.ts";
import type { StepResult } from "../run/run-report.ts";
import type { CliIo } from "./cli-io.ts";
import { printable } from "../core/printable.ts";

const SYMBOL: Readonly<Record<StepResult["status"], string>> = { published: "✓", blocked: "■", failed: "✗", skipped: "–", waiting: "…", submitted: "↗" };

/** One line per finished (asset, partition), for logs and pipes. */
export function stepLine(result: StepResult): string {
  const where = `${result.key}${result.partition === "" ? "" : ` ${result.partition}`}`;
  const warned = result.checks.filter((c) => c.status === "warn").length;
  const failed = result.checks.filter((c) => c.status === "fail").length;
  const errored = result.checks.filter((c) => c.status === "error").length;
  const notes = [warned ? `${warned} warned` : "", failed ? `${failed} failed` : "", errored ? `${errored} could not run` : ""].filter(Boolean);
  const checks = result.checks.length === 0 ? "" : `  ${plural(result.checks.length, "check")}${notes.length === 0 ? "" : ` (${notes.join(", ")})`}`;
  const rows = result.rows === undefined ? "" : `  ${plural(result.rows, "row")}`;
  const first = (result.reason ?? "").split("\n")[0] ?? "";
  // A waiting reason says so itself ("waiting for data since …", "waiting for upstream …").
  const reason = result.status === "published" ? "" : result.status === "waiting" && first.startsWith("waiting") ? `  ${first}` : `  ${result.status}: ${first}`;
  return `${SYMBOL[result.status]} ${where}${rows}${checks}  ${(result.durationMs / 1000).toFixed(1)}s${reason}`;
}

/** Plain lines: one per finished step. */
export function lineReporter(io: CliIo): ProgressReporter {
  return {
    started: (plan, runId) => io.stdout(`Run ${runId}: ${plural(plan.steps.length, "asset")}, ${plural(plan.steps.reduce((n, s) => n + s.partitions.length, 0), "partition")}`),
    stepStarted: () => undefined,
    stepFinished: (result) => io.stdout(stepLine(result)),
    finished: () => undefined,
  };
}

/**
 * A progress bar redrawn in place on a terminal, with failures printed above it. `write` goes
 * to the terminal as is (the bar's own escape codes), so what it shows is made printable first.
 */
export function barReporter(io: CliIo, write: (text: string) => void): ProgressReporter {
  let total = 0;
  let done = 0;
  let current = "";
  const draw = () => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    write(`\r\x1b[2K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${current}`);
  };
  return {
    started(plan: MaterializationPlan, runId: string) {
      total = plan.steps.reduce((n, s) => n + s.partitions.length, 0);
      io.stdout(`Run ${runId}: ${plural(plan.steps.length, "asset")}, ${plural(total, "partition")}`);
      draw();
    },
    stepStarted(key, partition) {
      current = printable(`${key}${partition === "" ? "" : ` ${partition}`}`);
      draw();
    },
    stepFinished(result) {
      done++;
      if (result.status !== "published") write(`\r\x1b[2K${printable(stepLine(result))}\n`);
      draw();
    },
    finished() {
      write("\r\x1b[2K");
    },
  };
}
