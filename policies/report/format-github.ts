import { describeFinding, placeOf, summarize, type PolicyReport } from "./policy-report.ts";

/** Escapes a workflow command's message (`%`, CR, LF), as GitHub's toolkit does. */
const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
/** Escapes a workflow command's property value (also `:` and `,`). */
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,title=…::…` for mandatory findings,
 * `::warning` for advisories and `::notice` for waived ones, so each shows as an annotation on
 * the declaration's line in the pull request; a summary line last.
 */
export function formatGithub(report: PolicyReport): string {
  const lines = report.findings.map((finding) => {
    const command = finding.waived !== undefined ? "notice" : finding.level === "mandatory" ? "error" : "warning";
    const place = placeOf(finding);
    const properties = [...(place === undefined ? [] : [`file=${escapeProperty(place.file)}`, `line=${place.line}`]), `title=${escapeProperty(`lakeform ${finding.rule}${finding.waived === undefined ? "" : " (waived)"}`)}`];
    const message = `${describeFinding(finding)}${finding.waived === undefined ? "" : ` Waived: ${finding.waived}`}`;
    return `::${command} ${properties.join(",")}::${escapeData(message)}`;
  });
  const { mandatory, advisory, waived } = summarize(report);
  lines.push(`lakeform policy check (stack ${report.stack}): ${mandatory} mandatory, ${advisory} advisory, ${waived} waived`);
  return lines.join("\n");
}
