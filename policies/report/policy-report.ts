import type { EnforcementLevel, Finding } from "../finding.ts";
import type { PolicyRule } from "../policy-rule.ts";

/** A rule as it ran in a stack: its description and its level there. */
export interface RuleInStack extends PolicyRule {
  readonly level: EnforcementLevel;
}

/** What `lakeform policy check` found in one stack: every rule that ran (or was disabled) and every finding. */
export interface PolicyReport {
  readonly stack: string;
  readonly rules: readonly RuleInStack[];
  readonly findings: readonly Finding[];
}

/** Counts of a report's findings: mandatory and advisory ones not waived, and the waived ones. */
export interface ReportSummary {
  readonly mandatory: number;
  readonly advisory: number;
  readonly waived: number;
}

/** How many findings of each kind a report has. */
export function summarize(report: PolicyReport): ReportSummary {
  const open = report.findings.filter((f) => f.waived === undefined);
  return { mandatory: open.filter((f) => f.level === "mandatory").length, advisory: open.filter((f) => f.level === "advisory").length, waived: report.findings.length - open.length };
}

/** Whether the gate fails: some mandatory finding is not waived. */
export function fails(report: PolicyReport): boolean {
  return summarize(report).mandatory > 0;
}

/** What a finding is about: `Asset "clean/orders"`, `Resource aws:s3/bucket:Bucket "raw"`, or nothing. */
export function subjectOf(finding: Finding): string {
  if (finding.resource !== undefined) return `Resource ${finding.resource.type} "${finding.resource.name}"`;
  return finding.asset === undefined ? "" : `Asset "${finding.asset}"`;
}

/** A finding in the house template: `Asset "x": <what is wrong>. Fix: <what to do>.` */
export function describeFinding(finding: Finding): string {
  const subject = subjectOf(finding);
  return `${subject === "" ? "" : `${subject}: `}${finding.message}. Fix: ${finding.fix}.`;
}

/** The file and line of a finding's `at` (`assets/clean/orders.ts:14`), when it has one. */
export function placeOf(finding: Finding): { readonly file: string; readonly line: number } | undefined {
  const match = finding.at === undefined ? null : /^(.*):(\d+)$/.exec(finding.at);
  return match?.[1] === undefined ? undefined : { file: match[1], line: Number(match[2]) };
}
