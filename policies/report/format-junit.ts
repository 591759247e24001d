import type { Finding } from "../finding.ts";
import { describeFinding, summarize, type PolicyReport } from "./policy-report.ts";

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");

function testcase(finding: Finding): string {
  const about = finding.resource !== undefined ? `${finding.resource.type} ${finding.resource.name}` : (finding.asset ?? "platform");
  const open = `    <testcase classname="lakeform.policy.${escapeXml(finding.rule)}" name="${escapeXml(about)}"${finding.at === undefined ? "" : ` file="${escapeXml(finding.at.replace(/:\d+$/, ""))}"`}>`;
  const text = escapeXml(`${describeFinding(finding)}${finding.at === undefined ? "" : ` (at ${finding.at})`}`);
  if (finding.waived !== undefined) return `${open}\n      <skipped message="${escapeXml(`waived: ${finding.waived}`)}"/>\n      <system-out>${text}</system-out>\n    </testcase>`;
  if (finding.level === "mandatory") return `${open}\n      <failure type="${escapeXml(finding.rule)}" message="${escapeXml(finding.message)}">${text}</failure>\n    </testcase>`;
  return `${open}\n      <system-out>advisory: ${text}</system-out>\n    </testcase>`;
}

/**
 * JUnit XML for CI test reports: one test suite per stack; each finding a test case (a failure
 * when mandatory, skipped when waived, passed with its text when advisory) and each rule without
 * findings a passed test case.
 */
export function formatJunit(report: PolicyReport): string {
  const found = new Set(report.findings.map((f) => f.rule));
  const clean = report.rules.filter((r) => r.level !== "disabled" && !found.has(r.id)).map((r) => `    <testcase classname="lakeform.policy.${escapeXml(r.id)}" name="all assets"/>`);
  const cases = [...report.findings.map(testcase), ...clean];
  const { mandatory, waived } = summarize(report);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lakeform policy check" tests="${cases.length}" failures="${mandatory}" errors="0" skipped="${waived}">`,
    `  <testsuite name="lakeform policy check (stack ${escapeXml(report.stack)})" tests="${cases.length}" failures="${mandatory}" errors="0" skipped="${waived}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
  ].join("\n");
}
