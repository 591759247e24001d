import type { AssetNode } from "../../../runtime/core/graph/asset-node.ts";
import type { AssetGraph } from "../../../runtime/core/graph/asset-graph.ts";
import type { AssetRule, RuleHit } from "../asset-rule.ts";
import { parentPiiColumns } from "./pii-lineage.ts";

/**
 * How long an asset keeps personal data: its own `retentionDays`, or — for an unpartitioned
 * asset rebuilt whole from its parents — the longest retention of the parents it takes personal
 * data from, when each of them has one (once they forget a person, the next rebuild does too).
 */
function retentionOf(graph: AssetGraph, node: AssetNode): { days: number; inheritedFrom?: string } | undefined {
  if (node.retentionDays !== undefined) return { days: node.retentionDays };
  if (node.partitions !== undefined || node.kind === "source") return undefined;
  const parents = [...new Set(parentPiiColumns(graph, node).filter((c) => c.spec.pii.treatment !== "drop").map((c) => c.parent))];
  if (parents.length === 0) return undefined;
  let longest: { days: number; inheritedFrom: string } | undefined;
  for (const parent of parents) {
    const own = retentionOf(graph, graph.get(parent));
    if (own === undefined) return undefined;
    if (longest === undefined || own.days > longest.days) longest = { days: own.days, inheritedFrom: parent };
  }
  return longest;
}

/** Assets holding personal data (a treated, not dropped, PII column) declare how long they keep it, within the stack's maximum. */
export const piiRetention: AssetRule = {
  id: "pii-retention",
  description: "Assets holding personal data declare retentionDays (or, unpartitioned, inherit it from the parents their PII comes from), at most the stack's lakeform:maxPiiRetentionDays",
  defaultLevel: "mandatory",
  check({ graph, plan }) {
    const max = plan.environment.maxPiiRetentionDays;
    const hits: RuleHit[] = [];
    for (const node of graph.nodes()) {
      const pii = Object.entries(node.columns).filter(([, spec]) => spec.pii !== undefined && spec.pii.treatment !== "drop").map(([name]) => name);
      if (pii.length === 0) continue;
      const retention = retentionOf(graph, node);
      const columns = pii.map((name) => `"${name}"`).join(", ");
      if (retention === undefined) {
        hits.push({ asset: node.key, message: `holds personal data (${columns}) but declares no retentionDays: it would be kept forever`, fix: `add retentionDays: ${max ?? 365} (days; erased people then leave this asset within that time)` });
      } else if (max !== undefined && retention.days > max) {
        const whose = retention.inheritedFrom === undefined ? `retentionDays ${retention.days}` : `a retention of ${retention.days} days (inherited from ${retention.inheritedFrom})`;
        hits.push({ asset: node.key, message: `holds personal data (${columns}) with ${whose}, over stack "${plan.environment.name}"'s maximum of ${max} days`, fix: `set retentionDays: ${max} or less${retention.inheritedFrom === undefined ? "" : ` (here or on ${retention.inheritedFrom})`}` });
      }
    }
    return hits;
  },
};
