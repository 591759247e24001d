import { assertNever } from "../../runtime/core/assert-never.ts";
import { formatGithub } from "./format-github.ts";
import { formatJson } from "./format-json.ts";
import { formatJunit } from "./format-junit.ts";
import { formatSarif } from "./format-sarif.ts";
import { formatText } from "./format-text.ts";
import type { PolicyReport } from "./policy-report.ts";

/** The output formats of `lakeform policy check --format`. */
export type ReportFormat = "text" | "json" | "github" | "junit" | "sarif";
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "github", "junit", "sarif"];

/** The report in `format`; `toolVersion` is Lakeform's version (SARIF names it). */
export function formatReport(report: PolicyReport, format: ReportFormat, toolVersion: string): string {
  switch (format) {
    case "text":
      return formatText(report);
    case "json":
      return formatJson(report);
    case "github":
      return formatGithub(report);
    case "junit":
      return formatJunit(report);
    case "sarif":
      return formatSarif(report, toolVersion);
    default:
      return assertNever(format);
  }
}
