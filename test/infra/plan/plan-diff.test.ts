import { asset, buildAssetGraph, col, fileDrop, ref, source, sql, type Declarations } from "lakeform";
import { describe, expect, it } from "vitest";
import catalog from "../../../assets/index.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { diffPlans, isEmptyDiff } from "../../../infra/plan/diff-plans.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import type { PlatformPlan } from "../../../infra/plan/platform-plan.ts";
import { IMAGE, prodEnvironment } from "./example-stacks.ts";

const ADDED = "curated/product_performance";
const planOf = (declarations: Declarations, environment = prodEnvironment()) => compile(buildAssetGraph(declarations), environment);
const withoutAsset = (key: string) => (catalog as readonly { key: string }[]).filter((d) => d.key !== key) as unknown as Declarations;

/** A small platform: one landed source and one curated report over it, shaped by `options`. */
function signups(options: { columns?: "all" | "without-country"; emailTreatment?: "hash" | "mask"; retentionDays?: number } = {}): Declarations {
  const columns = {
    signup_id: col.string().primaryKey(),
    email: col.string().pii("email", options.emailTreatment ?? "hash"),
    ...(options.columns === "without-country" ? {} : { country: col.string() }),
  };
  const landed = source("raw/signups", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "signups/*.csv" }), columns, retentionDays: options.retentionDays ?? 90 });
  const report = asset("curated/signups", { owners: ["team:data"], columns: { signup_id: col.string().primaryKey() }, compute: sql`select signup_id from ${ref(landed)}` });
  return [landed, report];
}

describe("diffPlans(previous, next)", () => {
  it("shows an added asset as exactly one addition, with its resources, grants and cost", () => {
    const previous = planOf(withoutAsset(ADDED));
    const next = planOf(catalog);
    const diff = diffPlans(previous, next);
    const table = next.tables.find((t) => t.asset === ADDED);
    const cost = next.cost.perAsset.find((c) => c.asset === ADDED)?.monthlyUsd ?? 0;
    expect(diff.assets.added).toEqual([
      {
        asset: ADDED,
        table: { database: "lf_prod_curated", name: "product_performance", columns: table?.columns.length, piiColumns: [] },
        resources: next.resources.filter((r) => r.asset === ADDED).map((r) => r.id),
        grants: ["analysts", "privacy"],
        monthlyUsd: cost,
      },
    ]);
    expect(diff.assets.removed).toEqual([]);
    expect(diff.assets.changed).toEqual([]);
    expect(diff.resources.added.map((r) => r.asset)).toEqual(diff.resources.added.map(() => ADDED));
    expect(diff.resources.added.map((r) => r.id)).toContain(`table:${ADDED}`);
    expect(diff.resources.removed).toEqual([]);
    expect(diff.grants.added.map((g) => [g.role, g.asset])).toEqual([["analysts", ADDED], ["privacy", ADDED]]);
    expect(diff.cost.perAsset).toEqual([{ asset: ADDED, from: 0, to: cost, delta: cost }]);
    expect(diff.cost.total.delta).toBeCloseTo(next.cost.totalMonthlyUsd - previous.cost.totalMonthlyUsd, 2);
    expect(diff.destroysProtectedData).toEqual([]);
  });

  it("is empty between two plans of the same catalog and stack", () => {
    expect(isEmptyDiff(diffPlans(planOf(catalog), planOf(catalog)))).toBe(true);
    expect(isEmptyDiff(diffPlans(planOf(withoutAsset(ADDED)), planOf(catalog)))).toBe(false);
  });

  it("shows a removed column on its asset, in its grants and on its table resource", () => {
    const diff = diffPlans(planOf(signups()), planOf(signups({ columns: "without-country" })));
    expect(diff.assets.changed).toHaveLength(1);
    expect(diff.assets.changed[0]).toMatchObject({ asset: "raw/signups", columns: { added: [], removed: [{ name: "country", type: "VARCHAR" }], changed: [] }, settings: [] });
    expect(diff.resources.changed.map((r) => r.id)).toContain("table:raw/signups");
    expect(diff.grants.changed).toEqual([{ role: "privacy", asset: "raw/signups", columns: { added: [], removed: ["country"] }, withheld: { added: [], removed: [] } }]);
    expect(diff.destroysProtectedData).toEqual([]);
  });

  it("shows a retention change, and the expiration it changes", () => {
    const diff = diffPlans(planOf(signups({ retentionDays: 90 })), planOf(signups({ retentionDays: 30 })));
    expect(diff.assets.changed.map((c) => [c.asset, c.settings])).toEqual([["raw/signups", [{ what: "retention", from: "90 days", to: "30 days" }]]]);
    expect(diff.resources.changed.map((r) => r.id)).toContain("table:raw/signups");
    expect(diff.resources.changed.filter((r) => r.kind === "expiration").map((r) => r.asset)).toContain("raw/signups");
    expect(diff.resources.changed.every((r) => !r.replaced)).toBe(true);
  });

  it("shows a PII treatment change on the column", () => {
    const diff = diffPlans(planOf(signups({ emailTreatment: "hash" })), planOf(signups({ emailTreatment: "mask" })));
    expect(diff.assets.changed.map((c) => [c.asset, c.columns.changed])).toEqual([["raw/signups", [{ name: "email", changes: [{ what: "pii", from: "email, hash", to: "email, mask" }] }]]]);
  });

  it("flags a removed protected bucket, and a renamed one as replaced, as destroying protected data", () => {
    const previous = planOf(signups());
    const next = planOf(signups());
    const withoutLogs: PlatformPlan = { ...next, buckets: next.buckets.filter((b) => b.role !== "logs"), resources: next.resources.filter((r) => r.id !== "bucket:logs") };
    const removed = diffPlans(previous, withoutLogs);
    expect(removed.resources.removed.map((r) => r.id)).toEqual(["bucket:logs"]);
    expect(removed.destroysProtectedData.map((d) => [d.resource.id, d.how])).toEqual([["bucket:logs", "removed"]]);

    const renamed = diffPlans(previous, planOf(signups(), prodEnvironment({ prefix: "lf-prod2" })));
    expect(renamed.resources.changed.filter((r) => r.replaced).map((r) => r.id)).toEqual(["bucket:artifacts", "bucket:clean", "bucket:curated", "bucket:landing", "bucket:logs", "bucket:raw", "database:clean", "database:curated", "database:raw", "table:curated/signups", "table:raw/signups"]);
    // Artifacts hold nothing that cannot be rebuilt; databases and (on AWS) tables are catalog entries.
    expect(renamed.destroysProtectedData.map((d) => d.resource.id)).toEqual(["bucket:clean", "bucket:curated", "bucket:landing", "bucket:logs", "bucket:raw"]);
  });

  it("does not flag data resources of an unprotected stack", () => {
    const dev = (prefix: string) => environmentOf("dev", { region: "eu-west-1", prefix, protectData: false, runtimeImage: IMAGE });
    const diff = diffPlans(planOf(signups(), dev("lf-dev")), planOf(signups(), dev("lf-dev2")));
    expect(diff.resources.changed.some((r) => r.replaced)).toBe(true);
    expect(diff.destroysProtectedData).toEqual([]);
  });
});
