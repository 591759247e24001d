import { ref, sql } from "lakeform";
import { describe, expect, it } from "vitest";
import { cleanOrders } from "../../../assets/clean/orders.ts";
import { cleanCustomers } from "../../../assets/clean/customers.ts";
import { renderForTarget } from "../../../runtime/transpile/render-for-target.ts";
import { targetInputName } from "../../../runtime/transpile/target-names.ts";

const paid = sql.for({
  duckdb: sql`select count(*) filter (where is_paid) as paid from ${ref(cleanOrders)} where channel = ${"web"}`,
  bigquery: sql`select countif(is_paid) as paid from ${ref(cleanOrders)} where channel = ${"web"}`,
});
const context = (target: "spark" | "bigquery") => ({ target, ref: (r: { key: string }) => targetInputName(r.key, target) });

describe("a per-engine override replaces the transpiled SQL on its engine only", () => {
  it("uses the BigQuery override, with its refs and parameters rendered natively", async () => {
    const out = await renderForTarget(paid, context("bigquery"), { asset: "curated/paid" });
    expect(out.overridden).toBe(true);
    expect(out.problems).toEqual([]);
    expect(out.text).toBe("select countif(is_paid) as paid from `your-gcp-project.clean.orders` where channel = @p0");
    expect(out.params).toEqual(["web"]);
  });

  it("transpiles the DuckDB text for an engine without an override", async () => {
    const out = await renderForTarget(paid, context("spark"), { asset: "curated/paid" });
    expect(out.overridden).toBe(false);
    expect(out.problems).toEqual([]);
    expect(out.text).toContain("COUNT(*) FILTER(WHERE is_paid) AS paid");
    expect(out.text).toContain("channel = 'web'");
  });

  it("without the override, the same DuckDB SQL is a BigQuery problem naming the construct and the fix", async () => {
    const out = await renderForTarget(paid.overrides === undefined ? paid : { ...paid, overrides: {} }, context("bigquery"), { asset: "curated/paid" });
    expect(out.problems.map((p) => `${p.message}. Fix: ${p.fix}`)).toEqual([
      "its SQL uses `count(*) filter (where …)`, which BigQuery does not support and polyglot leaves unchanged. Fix: rewrite as countif(...)/sum(if(...)) or give a per-engine override with sql.for({ bigquery: sql`…` })",
    ]);
  });

  it("reports an override that does not parse as the engine's SQL", async () => {
    const broken = sql.for({ duckdb: sql`select 1 as one from ${ref(cleanOrders)}`, spark: sql`select 1 as one form ${ref(cleanOrders)}` });
    const out = await renderForTarget(broken, context("spark"), { asset: "curated/broken" });
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]?.message).toMatch(/^its SQL \(its spark override\) does not parse as Spark SQL at line 1/);
    expect(out.problems[0]?.fix).toBe("correct the spark SQL of sql.for");
  });

  it("refuses an override that refers to an asset the DuckDB SQL does not: lineage comes from the DuckDB SQL", () => {
    expect(() => sql.for({ duckdb: sql`select * from ${ref(cleanOrders)}`, bigquery: sql`select * from ${ref(cleanCustomers)}` })).toThrow(
      /^sql\.for: the bigquery SQL refers to "clean\/customers", which the DuckDB SQL does not \(lineage comes from the DuckDB SQL\)\. Fix: ref\(\) the same assets in every engine's SQL/,
    );
  });

  it("types the engines an override may name, and requires the DuckDB SQL", () => {
    // @ts-expect-error — no such engine
    expect(() => sql.for({ duckdb: sql`select 1`, snowflake: sql`select 1` })).not.toThrow();
    // @ts-expect-error — the DuckDB SQL is the source of truth
    expect(() => sql.for({ bigquery: sql`select 1` })).toThrow();
  });
});
