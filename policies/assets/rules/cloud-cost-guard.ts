import type { AssetRule, RuleHit } from "../asset-rule.ts";

/**
 * An asset computed on a cloud engine in this stack carries the guard that engine enforces:
 * `maxRuntime` on EMR (the cluster is terminated after it), `maxBytesBilled` on BigQuery (a
 * larger job fails before it runs). The engine is the plan's: the asset's own, else the stack's default.
 */
export const cloudCostGuard: AssetRule = {
  id: "cloud-cost-guard",
  description: "Assets computed on a cloud engine in the stack carry a cost guard: costGuard.maxRuntime on EMR, costGuard.maxBytesBilled on BigQuery",
  defaultLevel: "mandatory",
  check({ plan }) {
    const hits: RuleHit[] = [];
    for (const compute of plan.compute) {
      if (compute.engine === "emr" && compute.costGuard?.maxRuntimeMinutes === undefined) {
        hits.push({ asset: compute.asset, message: `runs on EMR in stack "${plan.environment.name}" without costGuard.maxRuntime: a stuck step keeps its cluster running`, fix: 'add costGuard: { maxRuntime: "2h" } (its cluster is terminated after it)' });
      }
      if (compute.engine === "bigquery" && compute.costGuard?.maxBytesBilled === undefined) {
        hits.push({ asset: compute.asset, message: `runs on BigQuery in stack "${plan.environment.name}" without costGuard.maxBytesBilled: one query could scan (and bill) whole tables`, fix: 'add costGuard: { maxBytesBilled: "100GB" } (a larger job fails before it runs)' });
      }
    }
    return hits;
  },
};
