import { canonicalJson } from "../../runtime/core/graph/canonical-json.ts";
import { indexOf } from "./plan-index.ts";
import { diffAsset, summariseAsset } from "./diff-assets.ts";
import type { AssetChange, AssetSummary, CostDiff, DestroyedResource, GrantChange, PlanDiff, ResourceChange } from "./plan-diff.ts";
import type { GrantPlan, PlannedResource, PlatformPlan } from "./platform-plan.ts";

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cents = (usd: number): number => Math.round(usd * 100) / 100;
const byKey = <T>(items: readonly T[], key: (item: T) => string): Map<string, T> => new Map(items.map((item) => [key(item), item]));

/** Keys only in `a`, only in `b`, and in both; each sorted (code-point order, locale-free). */
function split<T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>): { onlyA: string[]; onlyB: string[]; both: string[] } {
  return {
    onlyA: [...a.keys()].filter((k) => !b.has(k)).sort(compare),
    onlyB: [...b.keys()].filter((k) => !a.has(k)).sort(compare),
    both: [...a.keys()].filter((k) => b.has(k)).sort(compare),
  };
}

/** Every asset a plan speaks of: its tables, compute and cost lines. */
function assetsOf(plan: PlatformPlan): Map<string, true> {
  const keys = [...plan.tables.map((t) => t.asset), ...plan.compute.map((c) => c.asset), ...plan.cost.perAsset.map((c) => c.asset)];
  return new Map(keys.map((key) => [key, true as const]));
}

/**
 * Whether a resource present in both plans is replaced rather than updated: its identity — a
 * bucket's or database's name, a table's database and name (and, for a BigQuery table, its
 * partitioning) — changed. Other changes update in place.
 */
function isReplaced(resource: PlannedResource, previous: PlatformPlan, next: PlatformPlan): boolean {
  const [, key = ""] = /^[^:]+:(.*)$/.exec(resource.id) ?? [];
  switch (resource.kind) {
    case "bucket": {
      const [a, b] = [previous.buckets.find((x) => x.role === key), next.buckets.find((x) => x.role === key)];
      return a !== undefined && b !== undefined && a.name !== b.name;
    }
    case "database": {
      const [a, b] = [previous.databases.find((x) => x.tier === key), next.databases.find((x) => x.tier === key)];
      return a !== undefined && b !== undefined && a.name !== b.name;
    }
    case "table": {
      const [a, b] = [indexOf(previous).tables.get(key), indexOf(next).tables.get(key)];
      if (a === undefined || b === undefined) return false;
      const warehouse = next.environment.cloud === "gcp" && canonicalJson(a.partitioning) !== canonicalJson(b.partitioning);
      return a.database !== b.database || a.name !== b.name || warehouse;
    }
    default:
      return false;
  }
}

function diffResources(previous: PlatformPlan, next: PlatformPlan): PlanDiff["resources"] {
  const [a, b] = [byKey(previous.resources, (r) => r.id), byKey(next.resources, (r) => r.id)];
  const { onlyA, onlyB, both } = split(a, b);
  const changed: ResourceChange[] = [];
  for (const id of both) {
    const [from, to] = [a.get(id), b.get(id)];
    if (from === undefined || to === undefined || from.digest === to.digest) continue;
    changed.push(Object.freeze({ id, kind: to.kind, ...(to.asset === undefined ? {} : { asset: to.asset }), digest: Object.freeze({ from: from.digest, to: to.digest }), replaced: isReplaced(to, previous, next) }));
  }
  return Object.freeze({
    added: Object.freeze(onlyB.flatMap((id) => b.get(id) ?? [])),
    removed: Object.freeze(onlyA.flatMap((id) => a.get(id) ?? [])),
    changed: Object.freeze(changed),
  });
}

const grantKey = (g: GrantPlan): string => `${g.role}\u0000${g.asset}`;
const minus = (a: readonly string[], b: readonly string[]): string[] => a.filter((x) => !b.includes(x));

function diffGrants(previous: PlatformPlan, next: PlatformPlan): PlanDiff["grants"] {
  const [a, b] = [byKey(previous.grants, grantKey), byKey(next.grants, grantKey)];
  const { onlyA, onlyB, both } = split(a, b);
  const changed: GrantChange[] = [];
  for (const key of both) {
    const [from, to] = [a.get(key), b.get(key)];
    if (from === undefined || to === undefined) continue;
    const columns = { added: minus(to.columns, from.columns), removed: minus(from.columns, to.columns) };
    const withheld = { added: minus(to.excludedColumns, from.excludedColumns), removed: minus(from.excludedColumns, to.excludedColumns) };
    const moved = columns.added.length + columns.removed.length + withheld.added.length + withheld.removed.length > 0;
    if (!moved && from.principal === to.principal) continue;
    changed.push(Object.freeze({ role: to.role, asset: to.asset, columns, withheld, ...(from.principal === to.principal ? {} : { principal: { from: from.principal, to: to.principal } }) }));
  }
  return Object.freeze({
    added: Object.freeze(onlyB.flatMap((k) => b.get(k) ?? [])),
    removed: Object.freeze(onlyA.flatMap((k) => a.get(k) ?? [])),
    changed: Object.freeze(changed),
  });
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

function diffCost(previous: PlatformPlan, next: PlatformPlan): CostDiff {
  const [a, b] = [byKey(previous.cost.perAsset, (c) => c.asset), byKey(next.cost.perAsset, (c) => c.asset)];
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort(compare);
  const perAsset = keys
    .map((asset) => {
      const [from, to] = [cents(a.get(asset)?.monthlyUsd ?? 0), cents(b.get(asset)?.monthlyUsd ?? 0)];
      return Object.freeze({ asset, from, to, delta: cents(to - from) });
    })
    .filter((line) => line.delta !== 0 || a.has(line.asset) !== b.has(line.asset));
  const line = (from: number, to: number) => Object.freeze({ from: cents(from), to: cents(to), delta: cents(cents(to) - cents(from)) });
  return Object.freeze({
    currency: "USD",
    total: line(previous.cost.totalMonthlyUsd, next.cost.totalMonthlyUsd),
    platform: line(sum(previous.cost.platform.map((i) => i.monthlyUsd)), sum(next.cost.platform.map((i) => i.monthlyUsd))),
    perAsset: Object.freeze(perAsset),
  });
}

function destroyed(resources: PlanDiff["resources"], previous: PlatformPlan): DestroyedResource[] {
  const before = byKey(previous.resources, (r) => r.id);
  const guarded = (r: PlannedResource | undefined): r is PlannedResource => r !== undefined && r.holdsData && r.protected;
  return [
    ...resources.removed.filter(guarded).map((resource) => ({ resource, how: "removed" as const })),
    ...resources.changed.filter((c) => c.replaced).flatMap((c) => {
      const resource = before.get(c.id);
      return guarded(resource) ? [{ resource, how: "replaced" as const }] : [];
    }),
  ]
    .sort((x, y) => compare(x.resource.id, y.resource.id))
    .map((d) => Object.freeze(d));
}

/**
 * What changes from `previous` to `next`, two plans of the same catalog lineage (e.g. `main`
 * and a pull request): assets added, removed and changed (columns, types, PII treatment,
 * retention, partitioning, compute), resources by id (changed = another digest; replaced = a
 * new identity), grants by (role, asset), and the monthly cost per asset and in total. Pure.
 *
 * @example
 * const diff = diffPlans(JSON.parse(readFileSync("main-plan.json", "utf8")), compile(graph, environment));
 * diff.assets.added.map((a) => a.asset); // ["curated/new_report"]
 */
export function diffPlans(previous: PlatformPlan, next: PlatformPlan): PlanDiff {
  const { onlyA, onlyB, both } = split(assetsOf(previous), assetsOf(next));
  const changed: AssetChange[] = both.flatMap((asset) => diffAsset(asset, previous, next) ?? []);
  const added: AssetSummary[] = onlyB.map((asset) => summariseAsset(asset, next));
  const removed: AssetSummary[] = onlyA.map((asset) => summariseAsset(asset, previous));
  const resources = diffResources(previous, next);
  return Object.freeze({
    formatVersion: 1,
    previous: Object.freeze({ environment: previous.environment.name, catalogFingerprint: previous.catalogFingerprint }),
    next: Object.freeze({ environment: next.environment.name, catalogFingerprint: next.catalogFingerprint }),
    assets: Object.freeze({ added: Object.freeze(added), removed: Object.freeze(removed), changed: Object.freeze(changed) }),
    resources,
    grants: diffGrants(previous, next),
    cost: diffCost(previous, next),
    destroysProtectedData: Object.freeze(destroyed(resources, previous)),
  });
}

/** Whether a diff changes nothing at all. */
export function isEmptyDiff(diff: PlanDiff): boolean {
  const { assets, resources, grants, cost } = diff;
  const counts = [assets.added, assets.removed, assets.changed, resources.added, resources.removed, resources.changed, grants.added, grants.removed, grants.changed, cost.perAsset].map((list) => list.length);
  return sum(counts) === 0 && cost.total.delta === 0;
}
