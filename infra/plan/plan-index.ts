import type { ComputePlan, GrantPlan, PlannedResource, PlatformPlan, TablePlan } from "./platform-plan.ts";

/** A plan's parts by asset, for lookups in time independent of the catalog's size. */
export interface PlanIndex {
  readonly tables: ReadonlyMap<string, TablePlan>;
  readonly compute: ReadonlyMap<string, ComputePlan>;
  readonly monthlyUsd: ReadonlyMap<string, number>;
  readonly resources: ReadonlyMap<string, readonly PlannedResource[]>;
  readonly grants: ReadonlyMap<string, readonly GrantPlan[]>;
}

const indexes = new WeakMap<PlatformPlan, PlanIndex>();

function grouped<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

/** The index of a (frozen) plan, built once per plan. */
export function indexOf(plan: PlatformPlan): PlanIndex {
  let index = indexes.get(plan);
  if (index === undefined) {
    index = {
      tables: new Map(plan.tables.map((t) => [t.asset, t])),
      compute: new Map(plan.compute.map((c) => [c.asset, c])),
      monthlyUsd: new Map(plan.cost.perAsset.map((c) => [c.asset, c.monthlyUsd])),
      resources: grouped(plan.resources, (r) => r.asset),
      grants: grouped(plan.grants, (g) => g.asset),
    };
    indexes.set(plan, index);
  }
  return index;
}
