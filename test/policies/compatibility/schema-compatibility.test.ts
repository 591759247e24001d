import { describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, daily, fileDrop, ref, source, sql, type Columns } from "lakeform";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf } from "../../../infra/plan/environment.ts";
import { parsePlanJson } from "../../../infra/plan/parse-plan-json.ts";
import { COMPATIBILITY_RULES } from "../../../policies/compatibility/compatibility-rules.ts";
import { compatibilityFindings } from "../../../policies/compatibility/schema-compatibility.ts";
import { isWidening } from "../../../policies/compatibility/type-widening.ts";
import { describeFinding } from "../../../policies/report/policy-report.ts";
import { ruleLevels } from "../../../policies/rule-levels.ts";

const environment = environmentOf("prod", {
  region: "eu-west-1",
  prefix: "lf-prod",
  runtimeImage: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0",
  consumers: { analysts: { principal: "arn:aws:iam::123456789012:role/analysts", tiers: ["curated"] } },
});

const ORDERS: Columns = { order_id: col.string().primaryKey(), customer_email: col.string().nullable(), amount: col.decimal(12, 2), note: col.string().nullable() };

/** raw/orders → clean/orders (columns vary) → curated/revenue, which reads amount. */
function catalog(columns: Columns = ORDERS, options: { partitioned?: boolean; withRevenue?: boolean } = {}) {
  const raw = source("raw/orders", { owners: ["team:shop"], from: fileDrop({ format: "csv", pattern: "orders/*.csv" }), columns: { order_id: col.string(), amount: col.decimal(12, 2) } });
  const clean = asset("clean/orders", {
    owners: ["team:shop"],
    columns,
    compute: sql`select * from ${ref(raw)}`,
    ...(options.partitioned === true ? { partitions: daily({ start: "2024-01-01" }) } : {}),
  });
  const revenue = asset("curated/revenue", { owners: ["team:finance"], columns: { total: col.decimal(18, 2) }, compute: sql`select sum(amount) as total from ${ref(clean)}` });
  return options.withRevenue === false ? [raw, clean] : [raw, clean, revenue];
}

function check(before: ReturnType<typeof catalog>, after: ReturnType<typeof catalog>) {
  const baselineGraph = buildAssetGraph(before);
  // The baseline goes through JSON, as `lakeform plan --json` on main writes it.
  const baseline = parsePlanJson(JSON.stringify(compile(baselineGraph, environment)), "main-plan.json");
  const graph = buildAssetGraph(after);
  return compatibilityFindings(baseline, compile(graph, environment), graph, ruleLevels(COMPATIBILITY_RULES).levels).map((f) => `${f.rule} ${f.level}: ${describeFinding(f)}`);
}

describe("schema compatibility against a baseline plan", () => {
  it("finds nothing when the schema is unchanged, or gains a nullable column", () => {
    expect(check(catalog(), catalog())).toEqual([]);
    expect(check(catalog(), catalog({ ...ORDERS, coupon: col.string().nullable() }))).toEqual([]);
  });

  it("fails a dropped column, naming the asset, the column, the assets reading it and the fix", () => {
    const { amount: _, ...rest } = ORDERS;
    expect(check(catalog(), catalog(rest))).toEqual([
      'column-removed mandatory: Asset "clean/orders": column "amount" was removed without being deprecated first; read by curated/revenue. Fix: keep it for one release, marked .deprecated("use …") so its readers can move, then remove it; or waive "column-removed" for this asset with the reason.',
    ]);
  });

  it("fails a rename as the removal of the old name (and says it looks like a rename)", () => {
    const { customer_email: _, ...rest } = ORDERS;
    expect(check(catalog(), catalog({ ...rest, buyer_email: col.string().nullable() }))).toEqual([
      'column-removed mandatory: Asset "clean/orders": column "customer_email" was removed (renamed to "buyer_email"? a rename removes the old name for its readers) without being deprecated first; no asset of the catalog reads it. Fix: keep it for one release, marked .deprecated("use …") so its readers can move, then remove it; or waive "column-removed" for this asset with the reason.',
    ]);
  });

  it("fails a narrowed type, and accepts a widened one", () => {
    expect(check(catalog(), catalog({ ...ORDERS, amount: col.decimal(10, 2) }))).toEqual([
      'column-type-narrowed mandatory: Asset "clean/orders": column "amount" changes type from decimal(12,2) to decimal(10,2), which cannot hold every value it held; read by curated/revenue. Fix: keep decimal(12,2) (or widen it), or add a new column with the new type and mark "amount" .deprecated("use …") for one release.',
    ]);
    expect(check(catalog(), catalog({ ...ORDERS, amount: col.decimal(18, 4) }))).toEqual([]);
    expect([isWidening({ kind: "int32" }, { kind: "int64" }), isWidening({ kind: "int64" }, { kind: "int32" }), isWidening({ kind: "int64" }, { kind: "decimal", precision: 20, scale: 1 }), isWidening({ kind: "string" }, { kind: "int64" })]).toEqual([true, false, true, false]);
  });

  it("accepts dropping or narrowing a column the baseline marked deprecated (deprecate, release, then drop)", () => {
    const deprecated = { ...ORDERS, note: col.string().nullable().deprecated("use the order's comments in clean/order_notes") };
    const { note: _, ...withoutNote } = ORDERS;
    expect(check(catalog(), catalog(deprecated))).toEqual([]);
    expect(check(catalog(deprecated), catalog(withoutNote))).toEqual([]);
    expect(check(catalog(), catalog(withoutNote))).toHaveLength(1);
    expect(compile(buildAssetGraph(catalog(deprecated)), environment).tables.find((t) => t.asset === "clean/orders")?.columns.find((c) => c.name === "note")?.deprecated).toBe("use the order's comments in clean/order_notes");
  });

  it("refuses a deprecation without a reason when the graph is built", () => {
    expect(() => buildAssetGraph(catalog({ ...ORDERS, note: col.string().nullable().deprecated(" ") }))).toThrow(
      'Asset "clean/orders": column "note" is deprecated without a reason. Fix: say what to use instead: .deprecated("use customer_key").',
    );
  });

  it("flags a non-nullable column added to an existing table, and changed partitioning or primary key", () => {
    const { order_id: _, ...rest } = ORDERS;
    expect(check(catalog(), catalog({ ...ORDERS, channel: col.string() }))).toEqual([
      'column-added-not-nullable advisory: Asset "clean/orders": column "channel" is added as not nullable to an existing table: versions published before have no value for it. Fix: declare it .nullable(), or rebuild every published partition (lakeform materialize clean/orders --all-partitions) before readers rely on it.',
    ]);
    expect(check(catalog(), catalog(ORDERS, { partitioned: true }))).toEqual([
      'partitioning-changed advisory: Asset "clean/orders": partitioning changes from none to time daily UTC: readers filtering on partitions and published versions no longer line up. Fix: keep the partitioning, or publish the new layout as a new asset and deprecate this one.',
    ]);
    expect(check(catalog(), catalog({ ...rest, order_id: col.string() }))).toEqual([
      'primary-key-changed advisory: Asset "clean/orders": primary key changes from (order_id) to (none): readers joining on it get other rows. Fix: keep the key, or tell the readers (downstream owners) before merging.',
    ]);
  });

  it("fails a removed curated asset, naming the roles it was granted to", () => {
    expect(check(catalog(), catalog(ORDERS, { withRevenue: false }))).toEqual([
      'asset-removed mandatory: Asset "curated/revenue": was removed without its columns being deprecated first; no asset of the baseline read it; granted to role "analysts". Fix: restore it and mark its columns .deprecated("…") for one release, then remove it.',
    ]);
  });
});
