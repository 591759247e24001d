import { canonicalJson } from "../../runtime/core/graph/canonical-json.ts";
import { indexOf } from "./plan-index.ts";
import { describeCluster, describeCostGuard, describeDays, describePartitioning, describePii, describeSchedule } from "./describe-plan-parts.ts";
import type { AssetChange, AssetSummary, ColumnSummary, SettingChange } from "./plan-diff.ts";
import type { ComputePlan, PlatformPlan, TableColumn, TablePlan } from "./platform-plan.ts";

const cents = (usd: number): number => Math.round(usd * 100) / 100;
const list = (values: readonly string[]): string => (values.length === 0 ? "none" : values.join(", "));
const prefixes = (c: ComputePlan | undefined): string => (c === undefined ? "none" : list(c.reads.map((r) => `${r.bucket}/${r.prefix}`)));

function columnSummary(column: TableColumn): ColumnSummary {
  const pii = describePii(column);
  return Object.freeze({ name: column.name, type: column.types.duckdb, ...(pii === undefined ? {} : { pii }) });
}

/** `from → to` pairs that differ, as {@link SettingChange}s. */
function changes(pairs: readonly (readonly [what: string, from: string, to: string])[]): SettingChange[] {
  return pairs.filter(([, from, to]) => from !== to).map(([what, from, to]) => Object.freeze({ what, from, to }));
}

function columnChanges(from: TableColumn, to: TableColumn): SettingChange[] {
  return changes([
    ["type", canonicalJson(from.type) === canonicalJson(to.type) ? to.types.duckdb : from.types.duckdb, to.types.duckdb],
    ["pii", describePii(from) ?? "none", describePii(to) ?? "none"],
    ["nullable", String(from.nullable), String(to.nullable)],
    ["primary key", String(from.primaryKey), String(to.primaryKey)],
    ["description", from.description ?? "none", to.description ?? "none"],
  ]);
}

function tableSettings(a: TablePlan | undefined, b: TablePlan | undefined): SettingChange[] {
  const name = (t: TablePlan | undefined) => (t === undefined ? "none" : `${t.database}.${t.name}`);
  return changes([
    ["table", name(a), name(b)],
    ["retention", describeDays(a?.retentionDays), describeDays(b?.retentionDays)],
    ["partitioning", describePartitioning(a?.partitioning), describePartitioning(b?.partitioning)],
    ["location", a === undefined ? "none" : `${a.location.bucket}/${a.location.prefix}`, b === undefined ? "none" : `${b.location.bucket}/${b.location.prefix}`],
    ["dropped PII columns", list(a?.droppedPiiColumns ?? []), list(b?.droppedPiiColumns ?? [])],
    ["owners", list(a?.owners ?? []), list(b?.owners ?? [])],
    ["tags", list(a?.tags ?? []), list(b?.tags ?? [])],
    ["protected", String(a?.protected ?? false), String(b?.protected ?? false)],
  ]);
}

function computeSettings(a: ComputePlan | undefined, b: ComputePlan | undefined): SettingChange[] {
  return changes([
    ["engine", a?.engine ?? "none", b?.engine ?? "none"],
    ["schedule", a === undefined ? "none" : describeSchedule(a.schedule), b === undefined ? "none" : describeSchedule(b.schedule)],
    ["runs/month", String(a?.runsPerMonth ?? 0), String(b?.runsPerMonth ?? 0)],
    ["cost guard", describeCostGuard(a?.costGuard), describeCostGuard(b?.costGuard)],
    ["cluster", describeCluster(a?.cluster), describeCluster(b?.cluster)],
    ["reads", prefixes(a), prefixes(b)],
  ]);
}

/** An asset of `plan` as an addition or removal shows it: its table, resources, grants and cost. */
export function summariseAsset(asset: string, plan: PlatformPlan): AssetSummary {
  const index = indexOf(plan);
  const table = index.tables.get(asset);
  return Object.freeze({
    asset,
    ...(table === undefined
      ? {}
      : {
          table: Object.freeze({
            database: table.database,
            name: table.name,
            columns: table.columns.length,
            piiColumns: Object.freeze(table.columns.flatMap((c) => (c.pii === undefined ? [] : [`${c.name} (${describePii(c)})`]))),
          }),
        }),
    resources: Object.freeze((index.resources.get(asset) ?? []).map((r) => r.id)),
    grants: Object.freeze((index.grants.get(asset) ?? []).map((g) => g.role)),
    monthlyUsd: cents(index.monthlyUsd.get(asset) ?? 0),
  });
}

/** How an asset in both plans changed; undefined when its table, compute and cost are the same. */
export function diffAsset(asset: string, previous: PlatformPlan, next: PlatformPlan): AssetChange | undefined {
  const [was, is] = [indexOf(previous), indexOf(next)];
  const [a, b] = [was.tables.get(asset), is.tables.get(asset)];
  const before = new Map((a?.columns ?? []).map((c) => [c.name, c]));
  const after = new Map((b?.columns ?? []).map((c) => [c.name, c]));
  const added = [...after.values()].filter((c) => !before.has(c.name)).map(columnSummary);
  const removed = [...before.values()].filter((c) => !after.has(c.name)).map(columnSummary);
  const changed = [...after.values()].flatMap((column) => {
    const old = before.get(column.name);
    const found = old === undefined ? [] : columnChanges(old, column);
    return found.length === 0 ? [] : [Object.freeze({ name: column.name, changes: Object.freeze(found) })];
  });
  const settings = [
    ...tableSettings(a, b),
    ...computeSettings(was.compute.get(asset), is.compute.get(asset)),
  ];
  const from = cents(was.monthlyUsd.get(asset) ?? 0);
  const to = cents(is.monthlyUsd.get(asset) ?? 0);
  if (added.length + removed.length + changed.length + settings.length === 0 && from === to) return undefined;
  return Object.freeze({
    asset,
    columns: Object.freeze({ added: Object.freeze(added), removed: Object.freeze(removed), changed: Object.freeze(changed) }),
    settings: Object.freeze(settings),
    monthlyUsd: Object.freeze({ from, to, delta: cents(to - from) }),
  });
}
