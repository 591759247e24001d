import { describeCluster, describeCostGuard, describeDays, describePartitioning, describePii, describeSchedule } from "../../../infra/plan/describe-plan-parts.ts";
import type { BucketPlan, CostItem, PlatformPlan, StorageTransition } from "../../../infra/plan/platform-plan.ts";
import { textTable } from "../text-table.ts";
import { formatUsd } from "./format-usd.ts";

const LABEL = 11;
const line = (label: string, value: string): string => `  ${label.padEnd(LABEL)}${value}`;
const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;
const item = (i: CostItem): string => `${i.what} ${formatUsd(i.monthlyUsd)} (${i.basis})`;

function transitions(steps: readonly StorageTransition[]): string {
  return steps.map((s) => `${s.storageClass} after ${s.afterDays}d`).join(", ");
}

function describeBucket(bucket: BucketPlan): string {
  const lifecycle = transitions(bucket.transitions);
  return `${bucket.name}${lifecycle === "" ? "" : ` (${lifecycle})`}`;
}

/** The lines of one asset: what it adds to the environment. */
function assetLines(plan: PlatformPlan, asset: string): string[] {
  const table = plan.tables.find((t) => t.asset === asset);
  const compute = plan.compute.find((c) => c.asset === asset);
  const grants = plan.grants.filter((g) => g.asset === asset);
  const expirations = plan.buckets.flatMap((b) => b.expirations.filter((e) => e.asset === asset).map((e) => `${b.name}/${e.prefix} after ${describeDays(e.afterDays)}`));
  const cost = plan.cost.perAsset.find((c) => c.asset === asset);
  const lines = [`${asset}${table === undefined ? "" : ` (${table.kind}, ${table.tier})`}`];
  if (table !== undefined) {
    const pii = table.columns.flatMap((c) => (c.pii === undefined ? [] : [`${c.name} (${describePii(c)})`]));
    const dropped = table.droppedPiiColumns.length === 0 ? "" : `; dropped at the door: ${table.droppedPiiColumns.join(", ")}`;
    lines.push(line("prefix", `${table.location.bucket}/${table.location.prefix}`));
    lines.push(line("table", `${table.database}.${table.name}: ${plural(table.columns.length, "column")}; PII: ${pii.length === 0 ? "none" : pii.join(", ")}${dropped}`));
    lines.push(line("partitions", describePartitioning(table.partitioning)));
  }
  lines.push(line("grants", grants.length === 0 ? "none" : grants.map((g) => (g.excludedColumns.length === 0 ? `${g.role}: all ${g.columns.length} columns` : `${g.role}: ${g.columns.length} of ${g.columns.length + g.excludedColumns.length} columns (withheld: ${g.excludedColumns.join(", ")})`)).join("; ")));
  if (compute !== undefined) {
    const cluster = compute.cluster === undefined ? "" : `, cluster ${describeCluster(compute.cluster)}`;
    lines.push(line("compute", `${compute.engine}, ${describeSchedule(compute.schedule)}, ${compute.runsPerMonth} runs/month, cost guard ${describeCostGuard(compute.costGuard)}${cluster}`));
  }
  lines.push(line("retention", expirations.length === 0 ? "kept until deleted" : `${describeDays(table?.retentionDays)}: ${expirations.join(", ")}`));
  if (cost !== undefined) lines.push(line("cost", `${formatUsd(cost.monthlyUsd)}/month: ${cost.items.map(item).join("; ")}`));
  return lines;
}

function platformLines(plan: PlatformPlan): string[] {
  const { scheduler, environment } = plan;
  const secrets = [scheduler.secrets.stateUrl, scheduler.secrets.piiKey, ...(scheduler.secrets.alertWebhook === undefined ? [] : [scheduler.secrets.alertWebhook])];
  const consumers = environment.consumers.map((c) => `${c.name} (${c.tiers.join(", ")}; ${c.pii ? "PII" : "no PII"})`);
  return [
    "Platform",
    line("buckets", plan.buckets.map(describeBucket).join(", ")),
    line("databases", plan.databases.map((d) => d.name).join(", ")),
    line("scheduler", `lakeform tick every ${scheduler.intervalMinutes} min (${scheduler.cpu / 1024} vCPU, ${scheduler.memoryMiB / 1024} GiB), image ${scheduler.image}`),
    line("state", `${scheduler.state.engine} ${scheduler.state.instanceClass}, ${scheduler.state.storageGiB} GiB`),
    line("secrets", secrets.join(", ")),
    line("logs", `kept ${describeDays(scheduler.logRetentionDays)}`),
    line("consumers", consumers.length === 0 ? "none" : consumers.join(", ")),
  ];
}

function costLines(plan: PlatformPlan): string[] {
  const { cost } = plan;
  const total = (items: readonly CostItem[], storage: boolean) => items.filter((i) => i.what.startsWith("storage") === storage).reduce((sum, i) => sum + i.monthlyUsd, 0);
  const assetRows = cost.perAsset.map((a) => [a.asset, formatUsd(total(a.items, true)), formatUsd(total(a.items, false)), formatUsd(a.monthlyUsd)]);
  const assets = cost.perAsset.reduce((sum, a) => sum + a.monthlyUsd, 0);
  const platform = cost.platform.reduce((sum, i) => sum + i.monthlyUsd, 0);
  return [
    `Monthly cost estimate (${cost.currency})`,
    textTable(["ASSET", "STORAGE", "COMPUTE", "MONTHLY"], assetRows),
    "",
    textTable(["PLATFORM", "MONTHLY", "BASIS"], cost.platform.map((i) => [i.what, formatUsd(i.monthlyUsd), i.basis])),
    "",
    `Total: ${formatUsd(cost.totalMonthlyUsd)}/month (assets ${formatUsd(assets)}, platform ${formatUsd(platform)})`,
    `Prices: ${plan.environment.cloud} ${cost.prices.region}, as of ${cost.prices.asOf}, from ${cost.prices.source}.`,
    `These are estimates from list prices, not a quote. Assumptions: ${cost.assumptions.length === 0 ? "none" : cost.assumptions.join("; ")}.`,
  ];
}

/**
 * `lakeform plan` for people: the environment, then per asset what it adds (prefix, table, PII,
 * partitions, grants, compute, retention, cost), the platform, and the monthly cost estimate
 * with its price table and assumptions. Plain text that reads well in a code-review comment.
 */
export function renderPlan(plan: PlatformPlan): string {
  const env = plan.environment;
  const header = [
    `Plan for stack "${env.name}": ${env.cloud} ${env.region}, prefix ${env.prefix}, default engine ${env.defaultEngine}, data ${env.protectData ? "protected" : "not protected"}; catalog ${plan.catalogFingerprint}`,
    `${plural(plan.tables.length, "asset")}: ${plural(plan.buckets.length, "bucket")}, ${plural(plan.databases.length, "database")}, ${plural(plan.tables.length, "table")}, ${plural(plan.grants.length, "grant")}, ${plural(plan.compute.length, "compute job")}, ${plural(plan.resources.length, "resource")}`,
  ];
  const assets = [...new Set([...plan.tables.map((t) => t.asset), ...plan.compute.map((c) => c.asset)])];
  return [...header, "", ...assets.flatMap((asset) => [...assetLines(plan, asset), ""]), ...platformLines(plan), "", ...costLines(plan)].join("\n");
}
