import { fails, summarize, type PolicyReport } from "./policy-report.ts";

/** The report as JSON for machines: the stack, whether it passed, counts, the rules with their levels, and every finding. */
export function formatJson(report: PolicyReport): string {
  return JSON.stringify({ stack: report.stack, passed: !fails(report), summary: summarize(report), rules: report.rules, findings: report.findings }, null, 2);
}
