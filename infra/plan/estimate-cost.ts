import type { Environment } from "./environment.ts";
import type { BucketPlan, ComputePlan, CostEstimate, CostItem, SchedulerPlan, TablePlan } from "./platform-plan.ts";
import { pricesFor, type PriceTable } from "./prices.ts";

/** What was observed of an asset (by `lakeform plan`, from the state store), to estimate from. */
export interface AssetUsage {
  /** Bytes of its published versions. */
  readonly storedBytes?: number;
  /** Minutes one run takes. */
  readonly runMinutes?: number;
  /** Bytes one BigQuery run scans. */
  readonly scannedBytes?: number;
}

/** Observations by asset key; what is missing is assumed (and the estimate says so). */
export type PlanUsage = Readonly<Record<string, AssetUsage>>;

const GIB = 1024 ** 3;
const TIB = 1024 ** 4;
const HOURS_PER_MONTH = 730;
const DEFAULT_STORED_BYTES = GIB;
const DEFAULT_RUN_MINUTES: Readonly<Record<string, number>> = { duckdb: 1, emr: 15, bigquery: 1 };
const EMR_STARTUP_MINUTES = 8;
const DEFAULT_SCANNED_BYTES = 10 * GIB;
/** Storage is blended over the ages objects live to: their retention, or a year when kept forever. */
const FOREVER_HORIZON_DAYS = 365;

const usd = (value: number): number => Math.round(value * 100) / 100;
/** `$0.023`, `$1.20`, `$14.95`: cents, or three significant digits below a dollar. */
const money = (value: number): string => `$${value >= 1 || value === 0 ? value.toFixed(2) : Number(value.toPrecision(3)).toString().replace(/^(\d+\.\d)$/, "$10")}`;

/** The price of one GiB-month in a bucket, averaged over the days an object spends in each class up to `horizonDays`. */
function blendedStoragePrice(bucket: BucketPlan, horizonDays: number, prices: PriceTable): { price: number; basis: string } {
  const classes = [{ from: 0, price: prices.storage.standard, name: "standard" }, ...bucket.transitions.map((t) => ({ from: t.afterDays, price: t.storageClass === "infrequent" ? prices.storage.infrequent : t.storageClass === "archive-instant" ? prices.storage.archiveInstant : prices.storage.archive, name: t.storageClass }))];
  const horizon = Math.min(horizonDays, bucket.expireAfterDays ?? Infinity);
  let weighted = 0;
  const shares: string[] = [];
  classes.forEach((c, i) => {
    const until = Math.min(horizon, classes[i + 1]?.from ?? Infinity);
    const days = Math.max(0, until - c.from);
    if (days === 0) return;
    weighted += days * c.price;
    shares.push(`${Math.round((100 * days) / horizon)}% ${c.name}`);
  });
  return { price: weighted / horizon, basis: shares.join(", ") };
}

/** BigQuery keeps a partition (or a table) at the active price until it is 90 days unmodified. */
const BIGQUERY_LONG_TERM_AFTER_DAYS = 90;

/**
 * The price of one GiB-month of a BigQuery table over `horizonDays`: time-partitioned tables'
 * partitions turn long-term 90 days after they were last written; other tables are rewritten
 * by their runs and stay active.
 */
function bigQueryStoragePrice(table: TablePlan, horizonDays: number, prices: NonNullable<PriceTable["bigqueryStorage"]>): { price: number; basis: string } {
  if (table.partitioning?.kind !== "time" || horizonDays <= BIGQUERY_LONG_TERM_AFTER_DAYS) return { price: prices.active, basis: "BigQuery active storage" };
  const activeShare = BIGQUERY_LONG_TERM_AFTER_DAYS / horizonDays;
  return { price: activeShare * prices.active + (1 - activeShare) * prices.longTerm, basis: `BigQuery: ${Math.round(100 * activeShare)}% active, ${Math.round(100 * (1 - activeShare))}% long-term` };
}

function taskHourPrice(scheduler: SchedulerPlan, prices: PriceTable): number {
  return (scheduler.cpu / 1024) * prices.container.vcpuHour + (scheduler.memoryMiB / 1024) * prices.container.gibHour;
}

function computeItem(compute: ComputePlan, usage: AssetUsage | undefined, scheduler: SchedulerPlan, prices: PriceTable, assumptions: Set<string>): CostItem | undefined {
  if (compute.runsPerMonth === 0) return undefined;
  const runs = compute.runsPerMonth;
  const minutes = usage?.runMinutes ?? DEFAULT_RUN_MINUTES[compute.engine] ?? 1;
  if (usage?.runMinutes === undefined) assumptions.add(`a run takes ${DEFAULT_RUN_MINUTES[compute.engine]} min on ${compute.engine} where no run was observed`);
  if (compute.engine === "emr" && compute.cluster !== undefined && prices.emr !== undefined) {
    const cluster = compute.cluster;
    const instanceType = cluster.instanceTypes[0] ?? prices.emr.instanceType;
    if (instanceType !== prices.emr.instanceType) assumptions.add(`EMR nodes priced as ${prices.emr.instanceType} (no price for ${instanceType} in the table)`);
    assumptions.add(`EMR spot at ${Math.round(prices.emr.spotFraction * 100)}% of on demand, plus ${EMR_STARTUP_MINUTES} min of cluster start per run`);
    const hours = (runs * (minutes + EMR_STARTUP_MINUTES)) / 60;
    const coreFactor = cluster.spot ? prices.emr.spotFraction : 1;
    const nodeHour = prices.emr.nodeHour * (1 + cluster.coreNodes * coreFactor) + prices.emr.emrFeeHour * (1 + cluster.coreNodes);
    return { what: `EMR ${cluster.spot ? "spot" : "on-demand"} (${runs} runs)`, monthlyUsd: hours * nodeHour, basis: `${runs} runs × ${minutes + EMR_STARTUP_MINUTES} min × a cluster of 1+${cluster.coreNodes} ${instanceType}${cluster.spot ? " (spot core nodes)" : ""} at ${money(nodeHour)}/h` };
  }
  if (compute.engine === "bigquery" && prices.bigqueryTib !== undefined) {
    const guard = compute.costGuard?.maxBytesBilled;
    const scanned = usage?.scannedBytes ?? Math.min(DEFAULT_SCANNED_BYTES, guard ?? Infinity);
    if (usage?.scannedBytes === undefined) assumptions.add(`a BigQuery run scans 10 GiB (or its cost guard, if less) where no dry run was observed`);
    return { what: `BigQuery on demand (${runs} runs)`, monthlyUsd: ((runs * scanned) / TIB) * prices.bigqueryTib, basis: `${runs} runs × ${(scanned / GIB).toFixed(1)} GiB at $${prices.bigqueryTib}/TiB` };
  }
  const hourly = taskHourPrice(scheduler, prices);
  return { what: `runtime task (${runs} runs)`, monthlyUsd: ((runs * minutes) / 60) * hourly, basis: `${runs} runs × ${minutes} min at ${money(hourly)}/h` };
}

/**
 * A monthly cost estimate from the plan and a dated price table: per asset, its storage after
 * lifecycle (over its retention, or a year when kept forever; BigQuery storage on GCP) and its
 * compute; for the
 * platform, the scheduler's ticks, the state database, the key and the secrets.
 */
export function estimateCost(
  parts: { readonly buckets: readonly BucketPlan[]; readonly tables: readonly TablePlan[]; readonly compute: readonly ComputePlan[]; readonly scheduler: SchedulerPlan },
  environment: Environment,
  usage: PlanUsage = {},
): CostEstimate {
  const { table: prices, substituted } = pricesFor(environment.cloud, environment.region);
  const assumptions = new Set<string>();
  if (substituted) assumptions.add(`no price table for ${environment.region}: ${prices.region} prices used`);
  const computeOf = new Map(parts.compute.map((c) => [c.asset, c]));
  const perAsset = parts.tables.map((table) => {
    const items: CostItem[] = [];
    const bucket = parts.buckets.find((b) => b.role === table.tier) as BucketPlan;
    const bytes = usage[table.asset]?.storedBytes ?? DEFAULT_STORED_BYTES;
    if (usage[table.asset]?.storedBytes === undefined) assumptions.add("an asset stores 1 GiB where nothing was observed");
    // On GCP an asset's published data is its BigQuery table: priced as BigQuery storage.
    const horizon = table.retentionDays ?? FOREVER_HORIZON_DAYS;
    const { price, basis } = environment.cloud === "gcp" && prices.bigqueryStorage !== undefined ? bigQueryStoragePrice(table, horizon, prices.bigqueryStorage) : blendedStoragePrice(bucket, horizon, prices);
    items.push({ what: `storage (${table.tier})`, monthlyUsd: (bytes / GIB) * price, basis: `${(bytes / GIB).toFixed(2)} GiB × ${money(price)}/GiB-month (${basis})` });
    const compute = computeOf.get(table.asset);
    const item = compute === undefined ? undefined : computeItem(compute, usage[table.asset], parts.scheduler, prices, assumptions);
    if (item !== undefined) items.push(item);
    const rounded = items.map((i) => Object.freeze({ ...i, monthlyUsd: usd(i.monthlyUsd) }));
    return Object.freeze({ asset: table.asset, monthlyUsd: usd(items.reduce((sum, i) => sum + i.monthlyUsd, 0)), items: Object.freeze(rounded) });
  });
  const scheduler = parts.scheduler;
  const ticks = Math.round((30 * 24 * 60) / scheduler.intervalMinutes);
  const hourly = taskHourPrice(scheduler, prices);
  const secrets = Object.keys(scheduler.secrets).length;
  const platform: CostItem[] = [
    { what: "scheduler ticks", monthlyUsd: ((ticks * scheduler.tickMinutes) / 60) * hourly, basis: `${ticks} ticks × ${scheduler.tickMinutes} min at ${money(hourly)}/h (${scheduler.cpu / 1024} vCPU, ${scheduler.memoryMiB / 1024} GiB)` },
    { what: `state database (${scheduler.state.instanceClass})`, monthlyUsd: HOURS_PER_MONTH * prices.database.instanceHour + scheduler.state.storageGiB * prices.database.storageGibMonth, basis: `${HOURS_PER_MONTH} h × ${money(prices.database.instanceHour)} + ${scheduler.state.storageGiB} GiB × ${money(prices.database.storageGibMonth)}` },
    { what: "encryption key", monthlyUsd: prices.keyMonth, basis: `1 key × ${money(prices.keyMonth)}` },
    { what: "secrets", monthlyUsd: secrets * prices.secretMonth, basis: `${secrets} secrets × ${money(prices.secretMonth)}` },
  ].map((i) => Object.freeze({ ...i, monthlyUsd: usd(i.monthlyUsd) }));
  assumptions.add(`a scheduler tick takes ${scheduler.tickMinutes} min`);
  const total = perAsset.reduce((sum, a) => sum + a.monthlyUsd, 0) + platform.reduce((sum, i) => sum + i.monthlyUsd, 0);
  return Object.freeze({
    currency: "USD",
    prices: Object.freeze({ region: prices.region, asOf: prices.asOf, source: prices.source }),
    perAsset: Object.freeze(perAsset),
    platform: Object.freeze(platform),
    totalMonthlyUsd: usd(total),
    assumptions: Object.freeze([...assumptions].sort()),
  });
}
