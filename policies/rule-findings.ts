import type { AssetGraph } from "../runtime/core/graph/asset-graph.ts";
import type { RuleHit } from "./assets/asset-rule.ts";
import type { EnforcementLevel, Finding } from "./finding.ts";

/** Where a hit points: its own place, else its column's declaration, else its asset's; undefined for an asset no longer declared. */
function placeOf(hit: RuleHit, graph: AssetGraph): string | undefined {
  if (hit.at !== undefined) return hit.at;
  if (!graph.has(hit.asset)) return undefined;
  const definition = graph.get(hit.asset).definition;
  const column = hit.column === undefined ? undefined : definition.columns[hit.column];
  return column?.site?.location ?? definition.site.location;
}

/**
 * The findings of one rule's hits at the rule's level in the stack (none when it is disabled),
 * each pointing at the declaration it is about.
 */
export function ruleFindings(rule: string, level: EnforcementLevel, hits: readonly RuleHit[], graph: AssetGraph): Finding[] {
  if (level === "disabled") return [];
  return hits.map((hit) => {
    const at = placeOf(hit, graph);
    return Object.freeze({ rule, level, message: hit.message, fix: hit.fix, asset: hit.asset, ...(at === undefined ? {} : { at }) });
  });
}
