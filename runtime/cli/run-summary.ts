import { formatCount, plural } from "../core/checks/format-count.ts";
import type { RunReport, StepResult } from "../run/run-report.ts";

/** Lines of a reason shown in text output; the rest is counted ("and 3 more lines"), and `--json` has it all. */
export const MAX_REASON_LINES = 8;

/**
 * A multi-line reason for people: its first line, then up to `maxLines - 1` more (indented by
 * `indent`), then how many lines were left out. Nothing is cut silently.
 */
export function reasonLines(reason: string | undefined, indent: string, maxLines = MAX_REASON_LINES): string[] {
  const lines = (reason ?? "").split("\n").filter((line, i) => i === 0 || line.trim() !== "");
  const shown = lines.slice(0, maxLines);
  const rest = lines.length - shown.length;
  return [shown[0] ?? "", ...shown.slice(1).map((line) => `${indent}${line}`), ...(rest > 0 ? [`${indent}… and ${plural(rest, "more line")} (--json shows all)`] : [])];
}

function where(r: StepResult): string {
  return `${r.key}${r.partition === "" ? "" : ` ${r.partition}`}`;
}

/** Groups of (asset, check) with a count of partitions and one example message. */
function checkGroups(report: RunReport, status: "warn" | "error"): [string, { count: number; example: string }][] {
  const byCheck = new Map<string, { count: number; example: string }>();
  for (const r of report.results) {
    for (const c of r.checks.filter((x) => x.status === status)) {
      const id = `${r.key} ${c.check}`;
      const entry = byCheck.get(id) ?? { count: 0, example: `${r.partition === "" ? "" : `${r.partition}: `}${c.message}` };
      entry.count++;
      byCheck.set(id, entry);
    }
  }
  return [...byCheck];
}

/** The end-of-run summary for people: counts, then what was blocked, failed, waiting or warned. */
export function runSummary(report: RunReport): string {
  const t = report.totals;
  const lines = [
    "",
    `Run ${report.runId} finished in ${(report.durationMs / 1000).toFixed(1)}s`,
    `  materialised ${t.published} · blocked ${t.blocked} · failed ${t.failed} · skipped ${t.skipped} · waiting for data ${t.waiting}`,
    `  checks: ${formatCount(t.checksPassed)} passed · ${formatCount(t.checksWarned)} warned · ${formatCount(t.checksFailed)} failed · ${formatCount(t.checksErrored)} could not run`,
    `  rows published: ${formatCount(t.rows)}`,
  ];
  const waiting = report.results.filter((r) => r.status === "waiting");
  const problems = report.results.filter((r) => r.status !== "published" && r.status !== "waiting");
  if (problems.length > 0) {
    lines.push("", "Not published:");
    for (const r of problems) {
      const [first = "", ...more] = reasonLines(r.reason, "      ");
      lines.push(`  ${r.status.padEnd(7)} ${where(r)}: ${first}`, ...more);
    }
  }
  if (waiting.length > 0) {
    lines.push("", "Waiting for data (nothing published, the previous version stays visible):");
    const byAsset = new Map<string, StepResult[]>();
    for (const r of waiting) byAsset.set(r.key, [...(byAsset.get(r.key) ?? []), r]);
    for (const [key, steps] of byAsset) {
      const first = steps[0];
      const last = steps[steps.length - 1];
      const span = steps.length === 1 ? (first?.partition ? ` ${first.partition}` : "") : ` ${plural(steps.length, "partition")} (${first?.partition} … ${last?.partition}; the first:)`;
      lines.push(`  ${key}${span}: ${(first?.reason ?? "").split("\n")[0]}`);
    }
  }
  const errored = checkGroups(report, "error");
  if (errored.length > 0) {
    lines.push("", `Checks that could not run (${plural(errored.length, "check")}):`);
    for (const [id, { count, example }] of errored) lines.push(`  ${id}${count > 1 ? ` (${count} partitions)` : ""} — ${example}`);
  }
  const warnings = checkGroups(report, "warn");
  if (warnings.length > 0) {
    const total = warnings.reduce((n, [, g]) => n + g.count, 0);
    lines.push("", `What the checks caught (${plural(total, "warning")}):`);
    for (const [id, { count, example }] of warnings) lines.push(`  ${id}${count > 1 ? ` (${count} partitions)` : ""} — ${example}`);
  }
  return lines.join("\n");
}
