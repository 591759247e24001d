import { TIERS } from "../../../runtime/core/declare/asset.ts";
import type { AssetRule, RuleHit } from "../asset-rule.ts";

/** Data flows raw → clean → curated: an asset never reads (nor waits on) an asset of a higher tier. */
export const noUpwardReads: AssetRule = {
  id: "no-upward-reads",
  description: "No asset reads from a tier above its own (raw → clean → curated)",
  defaultLevel: "mandatory",
  check({ graph }) {
    const hits: RuleHit[] = [];
    for (const node of graph.nodes()) {
      for (const dependency of node.dependencies) {
        const parent = graph.get(dependency.key);
        if (TIERS.indexOf(parent.tier) <= TIERS.indexOf(node.tier)) continue;
        hits.push({
          asset: node.key,
          message: `is in ${node.tier} but ${dependency.via === "ref" ? "reads" : "depends on"} ${parent.key}, which is in ${parent.tier}, a tier above`,
          fix: `read what ${parent.key} is built from instead, or move ${node.key} to ${parent.tier}`,
        });
      }
    }
    return hits;
  },
};
