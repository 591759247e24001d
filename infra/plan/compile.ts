import { createHash } from "node:crypto";
import { TIERS, type AssetGraph } from "lakeform";
import { LakeformError } from "../../runtime/core/errors.ts";
import type { Environment } from "./environment.ts";
import { estimateCost, type PlanUsage } from "./estimate-cost.ts";
import { bucketName, databaseName } from "./naming.ts";
import { planBuckets } from "./plan-buckets.ts";
import { planCompute } from "./plan-compute.ts";
import { planGrants } from "./plan-grants.ts";
import { planResources } from "./plan-resources.ts";
import { planScheduler } from "./plan-scheduler.ts";
import { planTables } from "./plan-tables.ts";
import type { PlatformPlan } from "./platform-plan.ts";

/** An asset graph that cannot be deployed to an environment as declared; the message lists every problem. */
export class PlanError extends LakeformError {
  override name = "PlanError";
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  } else if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) if (typeof child === "object" && child !== null && !Object.isFrozen(child)) deepFreeze(child);
  }
  return value;
}

/**
 * Compiles an asset graph for one environment into its {@link PlatformPlan}: pure (no Pulumi,
 * no I/O, no clock), deterministic, frozen. `usage` — what was observed of each asset — only
 * refines the cost estimate. Throws a {@link PlanError} listing every asset that cannot run in
 * the environment.
 *
 * @example
 * const plan = compile(buildAssetGraph(catalog), environmentOf("prod", values));
 */
export function compile(graph: AssetGraph, environment: Environment, usage?: PlanUsage): PlatformPlan {
  const problems: string[] = [];
  const tables = planTables(graph, environment);
  const names = new Map<string, string>();
  for (const table of tables) {
    const id = `${table.database}.${table.name}`;
    const other = names.get(id);
    if (other !== undefined) problems.push(`Asset "${table.asset}": its table ${id} is also the table of "${other}". Fix: rename one of them (keys map to tables by replacing "/" with "__").`);
    names.set(id, table.asset);
  }
  const buckets = planBuckets(graph, tables, environment);
  const databases = TIERS.map((tier) => Object.freeze({ tier, name: databaseName(environment, tier), bucket: bucketName(environment, tier), protected: environment.protectData }));
  const grants = planGrants(tables, environment);
  const compute = planCompute(graph, environment, problems);
  if (problems.length > 0) throw new PlanError(`Stack "${environment.name}": the catalog cannot be planned (${problems.length} ${problems.length === 1 ? "problem" : "problems"}):\n${problems.map((p) => ` - ${p}`).join("\n")}`);
  const scheduler = planScheduler(compute, environment);
  const resources = planResources({ buckets, databases, tables, grants, compute, scheduler }, environment);
  const cost = estimateCost({ buckets, tables, compute, scheduler }, environment, usage);
  const fingerprints = createHash("sha256");
  for (const node of [...graph.nodes()].sort((a, b) => (a.key < b.key ? -1 : 1))) fingerprints.update(`${node.key}\u0000${node.fingerprint}\n`);
  return deepFreeze({
    formatVersion: 1,
    environment,
    catalogFingerprint: fingerprints.digest("hex").slice(0, 16),
    buckets,
    databases,
    tables,
    grants,
    compute,
    scheduler,
    resources,
    cost,
  });
}
