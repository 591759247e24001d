import type { AssetRule, RuleHit } from "../asset-rule.ts";

/**
 * Curated assets are what the company reads: they say how fresh they must be, and at least one
 * blocking check stops bad data from being published to them (a primary key's implied checks count).
 */
export const curatedFreshnessAndBlockingCheck: AssetRule = {
  id: "curated-freshness-and-blocking-check",
  description: "Curated assets declare a freshness policy and at least one blocking check",
  defaultLevel: "mandatory",
  check({ graph }) {
    const hits: RuleHit[] = [];
    for (const node of graph.nodes()) {
      if (node.tier !== "curated") continue;
      if (node.freshness === undefined) hits.push({ asset: node.key, message: "is curated but declares no freshness policy", fix: 'add freshness: maxLag({ failAfter: "26h" }) (or cronDeadline(…)) so staleness alerts its owners' });
      if (!node.checks.some((check) => check.blocking)) {
        hits.push({ asset: node.key, message: "is curated but has no blocking check: bad data would be published", fix: "add a check that blocks publishing, e.g. checks: (c) => [c.rowCount({ min: 1 })], or declare a primaryKey()" });
      }
    }
    return hits;
  },
};
