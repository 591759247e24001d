import { asset, buildAssetGraph, col, cron, eager, fileDrop, maxLag, ref, source, sql } from "lakeform";
import { describe, expect, it } from "vitest";
import { compile } from "../../../infra/plan/compile.ts";
import { cronTicksPerMonth } from "../../../infra/plan/runs-per-month.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import { exampleGraph, IMAGE, prodEnvironment } from "./example-stacks.ts";

const dev = () => environmentOf("dev", { region: "eu-west-1", prefix: "lf-dev", protectData: false, runtimeImage: IMAGE });

describe("compile(graph, environment)", () => {
  it("gives the example platform's plan for prod (snapshot)", async () => {
    const plan = compile(exampleGraph(), prodEnvironment());
    await expect(`${JSON.stringify(plan, null, 2)}\n`).toMatchFileSnapshot("__snapshots__/example-prod.plan.json");
  });

  it("is plain, frozen, deterministic data", () => {
    const plan = compile(exampleGraph(), prodEnvironment());
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.tables[0]?.columns[0])).toBe(true);
    expect(Object.isFrozen(plan.cost.perAsset[0]?.items)).toBe(true);
    expect(JSON.stringify(compile(exampleGraph(), prodEnvironment()))).toBe(JSON.stringify(plan));
  });

  it("gives every asset, sources included, one table with its columns typed per engine", () => {
    const graph = exampleGraph();
    const plan = compile(graph, prodEnvironment());
    expect(plan.tables.map((t) => t.asset)).toEqual(graph.keys);
    const customers = plan.tables.find((t) => t.asset === "raw/customers");
    expect(customers).toMatchObject({ database: "lf_prod_raw", name: "customers", location: { bucket: "lf-prod-raw", prefix: "raw/customers/" }, retentionDays: 7, droppedPiiColumns: ["birth_date"], protected: true });
    const columns = Object.fromEntries((customers?.columns ?? []).map((c) => [c.name, c]));
    expect(columns.birth_date).toBeUndefined();
    expect(columns.email).toMatchObject({ pii: { kind: "email", treatment: "hash" }, types: { glue: "string", bigquery: "STRING" } });
    expect(columns.created_at?.types).toEqual({ duckdb: "TIMESTAMPTZ", spark: "TIMESTAMP", bigquery: "TIMESTAMP", glue: "timestamp" });
    expect(columns._batch_id).toMatchObject({ loadMetadata: true, types: { glue: "string" } });
    const revenue = plan.tables.find((t) => t.asset === "curated/daily_revenue");
    expect(revenue?.partitioning).toEqual({ column: "dt", kind: "time", granularity: "daily", timezone: "UTC" });
    expect(revenue?.columns.find((c) => c.name === "net_revenue")?.types).toEqual({ duckdb: "DECIMAL(14,2)", spark: "DECIMAL(14,2)", bigquery: "NUMERIC(14, 2)", glue: "decimal(14,2)" });
  });

  it("grants consumer roles their tiers, withholding PII columns from roles without PII access", () => {
    const plan = compile(exampleGraph(), prodEnvironment());
    const analysts = plan.grants.filter((g) => g.role === "analysts");
    expect(new Set(analysts.map((g) => plan.tables.find((t) => t.asset === g.asset)?.tier))).toEqual(new Set(["curated"]));
    for (const grant of analysts) {
      const table = plan.tables.find((t) => t.asset === grant.asset);
      const pii = table?.columns.filter((c) => c.pii !== undefined).map((c) => c.name) ?? [];
      expect(grant.excludedColumns).toEqual(pii);
      expect(grant.columns.some((c) => pii.includes(c))).toBe(false);
    }
    const privacyCustomers = plan.grants.find((g) => g.role === "privacy" && g.asset === "raw/customers");
    expect(privacyCustomers?.excludedColumns).toEqual([]);
    expect(privacyCustomers?.columns).toContain("email");
    expect(privacyCustomers?.principal).toBe("arn:aws:iam::123456789012:role/privacy-office");
  });

  it("turns retention into expirations on the asset's prefix, and cools buckets per tier", () => {
    const plan = compile(exampleGraph(), prodEnvironment());
    const raw = plan.buckets.find((b) => b.role === "raw");
    expect(raw?.expirations).toContainEqual({ prefix: "raw/customers/", afterDays: 7, asset: "raw/customers" });
    expect(raw?.transitions).toEqual([{ afterDays: 30, storageClass: "infrequent" }, { afterDays: 90, storageClass: "archive-instant" }]);
    const landing = plan.buckets.find((b) => b.role === "landing");
    // Landed files hold clear-text PII: they go with their source's retention, or the bucket's 30 days.
    expect(landing?.expireAfterDays).toBe(30);
    expect(landing?.expirations).toEqual([{ prefix: "customers/", afterDays: 7, asset: "raw/customers" }]);
    expect(plan.buckets.map((b) => [b.role, b.protected])).toEqual([["landing", true], ["raw", true], ["clean", true], ["curated", true], ["logs", true], ["artifacts", false]]);
    expect(compile(exampleGraph(), dev()).buckets.every((b) => !b.protected)).toBe(true);
  });

  it("puts each asset on its engine, reading its parents' prefixes and writing its own", () => {
    const plan = compile(exampleGraph(), prodEnvironment());
    const byAsset = Object.fromEntries(plan.compute.map((c) => [c.asset, c]));
    expect(byAsset["raw/orders"]).toMatchObject({ engine: "duckdb", reads: [{ bucket: "lf-prod-landing", prefix: "orders/" }] });
    expect(byAsset["curated/daily_revenue"]).toMatchObject({
      engine: "emr",
      cluster: { releaseLabel: "emr-7.5.0", instanceTypes: ["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"], coreNodes: 2, spot: true },
      reads: [{ bucket: "lf-prod-clean", prefix: "clean/order_items/" }, { bucket: "lf-prod-clean", prefix: "clean/orders/" }],
      writes: { bucket: "lf-prod-curated", prefix: "curated/daily_revenue/" },
      runsPerMonth: 30,
    });
    expect(compile(exampleGraph(), dev()).compute.every((c) => c.engine === "duckdb" && c.cluster === undefined)).toBe(true);
  });

  it("counts runs a month from the schedule, the same on every machine", () => {
    expect(cronTicksPerMonth("0 6 * * *", "Europe/Berlin")).toBe(30);
    expect(cronTicksPerMonth("0 * * * *", "UTC")).toBe(720);
    expect(cronTicksPerMonth("0 6 * * 1-5", "UTC")).toBe(22);
    const parent = asset("clean/hourly", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select 1 as id`, schedule: cron("0 * * * *") });
    const child = asset("curated/follows", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select * from ${ref(parent)}`, schedule: eager() });
    const lagged = asset("curated/lagged", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select * from ${ref(parent)}`, freshness: maxLag({ failAfter: "6h" }) });
    const plan = compile(buildAssetGraph([parent, child, lagged]), dev());
    expect(plan.compute.map((c) => [c.asset, c.runsPerMonth])).toEqual([["clean/hourly", 720], ["curated/follows", 720], ["curated/lagged", 120]]);
  });

  it("estimates a monthly cost per asset and for the platform, from a dated price table", () => {
    const plan = compile(exampleGraph(), prodEnvironment());
    expect(plan.cost.prices).toMatchObject({ region: "eu-west-1", asOf: "2026-11-01" });
    expect(plan.cost.perAsset.map((a) => a.asset)).toEqual(plan.tables.map((t) => t.asset));
    for (const asset of plan.cost.perAsset) {
      expect(asset.monthlyUsd).toBeGreaterThan(0);
      expect(asset.monthlyUsd).toBeCloseTo(asset.items.reduce((sum, i) => sum + i.monthlyUsd, 0), 1);
    }
    const sum = plan.cost.perAsset.reduce((s, a) => s + a.monthlyUsd, 0) + plan.cost.platform.reduce((s, i) => s + i.monthlyUsd, 0);
    expect(plan.cost.totalMonthlyUsd).toBeCloseTo(sum, 1);
    expect(plan.cost.platform.map((i) => i.what)).toEqual(["scheduler ticks", "state database (db.t4g.micro)", "encryption key", "secrets"]);
    expect(plan.cost.assumptions).toContain("an asset stores 1 GiB where nothing was observed");
  });

  it("prices EMR spot below on demand, and uses what was observed", () => {
    const graph = exampleGraph();
    const revenue = (spot: boolean, usage = {}) => compile(graph, prodEnvironment({ emr: { spot } }), usage).cost.perAsset.find((a) => a.asset === "curated/daily_revenue");
    const spot = revenue(true);
    const onDemand = revenue(false);
    expect(spot?.monthlyUsd).toBeLessThan(onDemand?.monthlyUsd ?? 0);
    expect(spot?.items[1]?.what).toBe("EMR spot (30 runs)");
    const observed = revenue(true, { "curated/daily_revenue": { storedBytes: 50 * 1024 ** 3, runMinutes: 4 } });
    expect(observed?.items[0]?.basis).toMatch(/^50\.00 GiB × \$0\.023/);
    expect(observed?.items[1]?.basis).toMatch(/^30 runs × 12 min/);
  });

  it("refuses assets whose engine the stack's cloud does not offer, and tables two assets would share", () => {
    const onBigquery = asset("curated/bq", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select 1 as id`, engine: "bigquery" });
    expect(() => compile(buildAssetGraph([onBigquery]), dev())).toThrow(`Asset "curated/bq": runs on engine "bigquery", which stack "dev" (cloud aws) does not offer. Fix: remove its \`engine\` to use the stack's default, or set it to "duckdb" or "emr".`);
    const nested = asset("clean/sales/orders", { tier: "clean", owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select 1 as id` });
    const flat = asset("clean/sales__orders", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select 1 as id` });
    expect(() => compile(buildAssetGraph([nested, flat]), dev())).toThrow(/its table lf_dev_clean\.sales__orders is also the table of/);
  });

  it("lists resources under stable ids, guarding data in protected stacks", () => {
    const plan = compile(exampleGraph(), prodEnvironment());
    const ids = plan.resources.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(["bucket:raw", "table:raw/customers", "grant:analysts:curated/daily_revenue", "expiration:raw:raw/customers", "expiration:landing:raw/customers", "compute:curated/daily_revenue", "scheduler", "state-database", "secret:pii-key", "role:emr-instance"]));
    expect(plan.resources.find((r) => r.id === "bucket:raw")).toMatchObject({ holdsData: true, protected: true });
    expect(plan.resources.find((r) => r.id === "table:raw/customers")).toMatchObject({ asset: "raw/customers", holdsData: false });
  });

  it("keeps a source's landing files only as long as its retention", () => {
    const erased = source("raw/signups", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "signups/**/*.csv" }), columns: { email: col.string().pii("email", "hash") }, retentionDays: 3 });
    const plan = compile(buildAssetGraph([erased]), dev());
    expect(plan.buckets.find((b) => b.role === "landing")?.expirations).toEqual([{ prefix: "signups/", afterDays: 3, asset: "raw/signups" }]);
  });
});
