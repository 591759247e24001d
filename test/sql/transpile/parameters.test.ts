import { daily, partitionEnd, partitionKey, partitionStart, ref, sql } from "lakeform";
import { describe, expect, it } from "vitest";
import { sparkLiteral } from "../../../runtime/core/sql/spark-literal.ts";
import { renderForTarget } from "../../../runtime/transpile/render-for-target.ts";
import { partitionMacros } from "../../../runtime/transpile/partition-macros.ts";
import { grammarErrors } from "../../../runtime/transpile/target-grammar.ts";
import { targetInputName } from "../../../runtime/transpile/target-names.ts";
import { cleanOrders } from "../../../assets/clean/orders.ts";

// Values and partition macros, among them one string a naive renderer would break on.
const tricky = "O'Brien \\ ${HOME}";
const template = sql`
  select order_id, cast(${partitionKey} as date) as day, ${42} as answer, ${2.5} as ratio, ${9007199254740993n} as big
  from ${ref(cleanOrders)}
  where ordered_at >= ${partitionStart} and ordered_at < ${partitionEnd}
    and coupon_code <> ${tricky} and is_paid = ${true} and channel <> coalesce(${null}, 'web')`;
const macros = partitionMacros(daily({ start: "2024-01-01", timezone: "Europe/Berlin" }), "2024-03-31");

describe("parameters survive transpilation in each target's native form", () => {
  it("binds partition macros as wall-clock bounds in the partitions' zone", () => {
    // 2024-03-31 in Berlin is 23 hours long; the bounds are wall-clock midnights.
    expect(macros).toEqual({ partitionKey: "2024-03-31", partitionStart: new Date("2024-03-31T00:00:00Z"), partitionEnd: new Date("2024-04-01T00:00:00Z") });
  });

  it("Spark: every value becomes a safe Spark SQL literal, in place, and the statement parses", async () => {
    const out = await renderForTarget(template, { target: "spark", ref: (r) => targetInputName(r.key, "spark"), macros }, { asset: "test/params" });
    expect(out.problems).toEqual([]);
    expect(out.params).toEqual([]);
    expect(out.text).toContain("CAST('2024-03-31' AS DATE) AS day");
    expect(out.text).toContain("42 AS answer");
    expect(out.text).toContain("CAST(2.5 AS DOUBLE) AS ratio");
    expect(out.text).toContain("9007199254740993L AS big");
    expect(out.text).toContain("FROM `lf_clean__orders`");
    expect(out.text).toContain("ordered_at >= TIMESTAMP '2024-03-31 00:00:00' AND ordered_at < TIMESTAMP '2024-04-01 00:00:00'");
    expect(out.text).toContain(`coupon_code <> 'O\\'Brien \\\\ \\u0024{HOME}'`);
    expect(out.text).toMatch(/is_paid = TRUE/);
    expect(out.text).not.toContain("${");
    expect(await grammarErrors(out.text, "spark")).toEqual([]);
  });

  it("BigQuery: values become named parameters @p0, @p1, … in order, never a bare @", async () => {
    const out = await renderForTarget(template, { target: "bigquery", ref: (r) => targetInputName(r.key, "bigquery"), macros }, { asset: "test/params" });
    expect(out.problems).toEqual([]);
    expect(out.params).toEqual(["2024-03-31", 42, 2.5, 9007199254740993n, new Date("2024-03-31T00:00:00Z"), new Date("2024-04-01T00:00:00Z"), tricky, true, null]);
    const markers = [...out.text.matchAll(/@\w*/g)].map((m) => m[0]);
    expect(markers).toEqual(["@p0", "@p1", "@p2", "@p3", "@p4", "@p5", "@p6", "@p7", "@p8"]);
    expect(out.text).toContain("FROM `your-gcp-project.clean.orders`");
    expect(await grammarErrors(out.text, "bigquery")).toEqual([]);
  });

  it("renders every kind of value as a Spark literal", () => {
    expect([null, true, false, 7, -2147483648, 3_000_000_000, 0.1, 12n].map(sparkLiteral)).toEqual(["NULL", "TRUE", "FALSE", "7", "-2147483648", "3000000000L", "CAST(0.1 AS DOUBLE)", "12L"]);
    expect(sparkLiteral(new Date("2024-01-01T06:30:00.250Z"))).toBe("TIMESTAMP '2024-01-01 06:30:00.250'");
    expect(() => sparkLiteral(Number.NaN)).toThrow(RangeError);
  });
});
