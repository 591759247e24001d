import { formatCount, plural } from "../checks/format-count.ts";
import type { RunReport } from "../run/run-report.ts";

/** The end-of-run summary for people: counts, then what was blocked, failed or warned. */
export function runSummary(report: RunReport): string {
  const t = report.totals;
  const lines = [
    "",
    `Run ${report.runId} finished in ${(report.durationMs / 1000).toFixed(1)}s`,
    `  materialised ${t.published} · blocked ${t.blocked} · failed ${t.failed} · skipped ${t.skipped}`,
    `  checks: ${formatCount(t.checksPassed)} passed · ${formatCount(t.checksWarned)} warned · ${formatCount(t.checksFailed)} failed`,
    `  rows published: ${formatCount(t.rows)}`,
  ];
  const problems = report.results.filter((r) => r.status !== "published");
  if (problems.length > 0) {
    lines.push("", "Not published:");
    for (const r of problems) lines.push(`  ${r.status.padEnd(7)} ${r.key}${r.partition === "" ? "" : ` ${r.partition}`}: ${(r.reason ?? "").split("\n")[0]}`);
  }
  const warnings = report.results.flatMap((r) => r.checks.filter((c) => c.status === "warn").map((c) => ({ r, c })));
  if (warnings.length > 0) {
    lines.push("", `What the checks caught (${plural(warnings.length, "warning")}):`);
    const byCheck = new Map<string, { count: number; example: string }>();
    for (const { r, c } of warnings) {
      const id = `${r.key} ${c.check}`;
      const entry = byCheck.get(id) ?? { count: 0, example: `${r.partition === "" ? "" : `${r.partition}: `}${c.message}` };
      entry.count++;
      byCheck.set(id, entry);
    }
    for (const [id, { count, example }] of byCheck) lines.push(`  ${id}${count > 1 ? ` (${count} partitions)` : ""} — ${example}`);
  }
  return lines.join("\n");
}
