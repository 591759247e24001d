import type { AssetGraph } from "../../runtime/core/graph/asset-graph.ts";
import { closestNames } from "../../runtime/core/did-you-mean.ts";
import type { RuleHit } from "../assets/asset-rule.ts";
import type { EnforcementLevel, Finding } from "../finding.ts";
import { ruleFindings } from "../rule-findings.ts";
import { WAIVER_VALID } from "./waiver-valid.ts";

/** The shortest reason a waiver may give: enough words for a reviewer to judge it. */
const MIN_REASON = 10;

/** A waiver as declared: the asset, the rule it silences and why. */
export interface Waiver {
  readonly asset: string;
  readonly rule: string;
  readonly reason: string;
}

/** Every waiver declared in the graph (`waive: { "<rule-id>": "<reason>" }`), in the graph's order. */
export function waiversOf(graph: AssetGraph): Waiver[] {
  return graph.nodes().flatMap((node) => Object.entries(node.definition.waive ?? {}).map(([rule, reason]) => ({ asset: node.key, rule, reason: String(reason ?? "") })));
}

/**
 * Marks the findings that a valid waiver silences (`waived`: its reason; reported, not enforced)
 * and adds a `waiver-valid` finding for each waiver naming an unknown rule or giving no real
 * reason (those silence nothing). `rules` are the ids of every rule that runs.
 */
export function applyWaivers(findings: readonly Finding[], graph: AssetGraph, rules: readonly string[], level: EnforcementLevel = WAIVER_VALID.defaultLevel): Finding[] {
  const valid = new Map<string, string>();
  const problems: RuleHit[] = [];
  for (const waiver of waiversOf(graph)) {
    if (!rules.includes(waiver.rule)) {
      const near = closestNames(waiver.rule, rules)[0];
      problems.push({ asset: waiver.asset, message: `waives "${waiver.rule}", which is not a rule`, fix: `${near === undefined ? "" : `did you mean "${near}"? `}name a rule that \`lakeform policy list\` shows, or remove the waiver` });
    } else if (waiver.reason.trim().length < MIN_REASON) {
      problems.push({ asset: waiver.asset, message: `waives "${waiver.rule}" without a reason`, fix: `say why the rule does not apply here and who agreed, e.g. waive: { "${waiver.rule}": "…, reviewed by team:privacy in PR #123" }` });
    } else {
      valid.set(`${waiver.asset}\u0000${waiver.rule}`, waiver.reason.trim());
    }
  }
  const marked = findings.map((finding) => {
    const reason = finding.asset === undefined ? undefined : valid.get(`${finding.asset}\u0000${finding.rule}`);
    return reason === undefined ? finding : Object.freeze({ ...finding, waived: reason });
  });
  return [...marked, ...ruleFindings(WAIVER_VALID.id, level, problems, graph)];
}
