import { describeFinding, summarize, type PolicyReport } from "./policy-report.ts";

const MARK = { mandatory: "✗", advisory: "!" } as const;

/**
 * The report for people: mandatory findings first, then advisories, then waived ones (with
 * their reason), each as `✗ rule-id  file:line` and the message on the next line; a summary last.
 */
export function formatText(report: PolicyReport): string {
  const lines: string[] = [];
  const open = report.findings.filter((f) => f.waived === undefined);
  for (const finding of [...open.filter((f) => f.level === "mandatory"), ...open.filter((f) => f.level === "advisory")]) {
    lines.push(`${MARK[finding.level]} ${finding.level} ${finding.rule}${finding.at === undefined ? "" : `  ${finding.at}`}`, `  ${describeFinding(finding)}`);
  }
  for (const finding of report.findings.filter((f) => f.waived !== undefined)) {
    lines.push(`~ waived ${finding.rule}${finding.at === undefined ? "" : `  ${finding.at}`}`, `  ${describeFinding(finding)}`, `  Waived: ${finding.waived ?? ""}`);
  }
  const { mandatory, advisory, waived } = summarize(report);
  const ran = report.rules.filter((r) => r.level !== "disabled").length;
  const verdict = mandatory > 0 ? "fails" : "passes";
  lines.push(`${lines.length === 0 ? "" : "\n"}Stack "${report.stack}" ${verdict} the policy check: ${ran} rules run, ${mandatory} mandatory, ${advisory} advisory, ${waived} waived finding${waived === 1 ? "" : "s"}.`);
  return lines.join("\n");
}
