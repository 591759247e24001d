import type { Finding } from "../finding.ts";
import { describeFinding, placeOf, type PolicyReport } from "./policy-report.ts";

const SARIF_LEVEL = { mandatory: "error", advisory: "warning", disabled: "none" } as const;

function result(finding: Finding, ruleIndex: number): Record<string, unknown> {
  const place = placeOf(finding);
  const location = place !== undefined
    ? { physicalLocation: { artifactLocation: { uri: place.file.split("\\").join("/"), uriBaseId: "%SRCROOT%" }, region: { startLine: place.line } } }
    : finding.resource !== undefined
      ? { logicalLocations: [{ name: finding.resource.name, fullyQualifiedName: `${finding.resource.type}::${finding.resource.name}`, kind: "resource" }] }
      : finding.asset !== undefined
        ? { logicalLocations: [{ name: finding.asset, kind: "asset" }] }
        : undefined;
  return {
    ruleId: finding.rule,
    ...(ruleIndex < 0 ? {} : { ruleIndex }),
    level: SARIF_LEVEL[finding.level],
    message: { text: describeFinding(finding) },
    ...(location === undefined ? {} : { locations: [location] }),
    ...(finding.waived === undefined ? {} : { suppressions: [{ kind: "inSource", justification: finding.waived }] }),
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`): one run of the
 * `lakeform` tool with every rule (its level in the stack as the default configuration) and a
 * result per finding, located at the declaration's file and line (or, for a resource, by its
 * type and name); waived findings carry an in-source suppression with the reason.
 */
export function formatSarif(report: PolicyReport, toolVersion: string): string {
  const ids = report.rules.map((r) => r.id);
  const extra = [...new Set(report.findings.map((f) => f.rule).filter((id) => !ids.includes(id)))];
  const rules = [
    ...report.rules.map((r) => ({ id: r.id, shortDescription: { text: r.description }, defaultConfiguration: { level: SARIF_LEVEL[r.level], enabled: r.level !== "disabled" } })),
    ...extra.map((id) => ({ id })),
  ];
  const allIds = [...ids, ...extra];
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "lakeform", informationUri: "https://github.com/lakeform/lakeform", version: toolVersion, rules } },
        automationDetails: { id: `lakeform-policy/${report.stack}/` },
        results: report.findings.map((f) => result(f, allIds.indexOf(f.rule))),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
