import type { Finding } from "../finding.ts";
import { ruleFindings } from "../rule-findings.ts";
import type { AssetRuleContext } from "./asset-rule.ts";
import { ASSET_RULES } from "./asset-rules.ts";

/**
 * Runs every asset rule at its level in the stack (`levels`, from {@link ruleLevels}); disabled
 * rules are not run. Findings come rule by rule, in each rule's order of the graph.
 */
export function assetFindings(context: AssetRuleContext, levels: ReadonlyMap<string, Finding["level"] | "disabled">): Finding[] {
  return ASSET_RULES.flatMap((rule) => {
    const level = levels.get(rule.id) ?? rule.defaultLevel;
    return level === "disabled" ? [] : ruleFindings(rule.id, level, rule.check(context), context.graph);
  });
}
