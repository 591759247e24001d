// What Parquet footers may settle, decided exactly: bounds compared in the column's own type,
// declared values only when the engine would compare them the same way, and nothing from
// statistics that are inexact, missing or do not cover every row.
import { asset, buildAssetGraph, col, sql } from "lakeform";
import { describe, expect, it } from "vitest";
import { settleFromStatistics, type RowGroupStatistics } from "../../runtime/core/checks/settle-statistics.ts";

const orders = asset("clean/orders", {
  owners: ["team:data"],
  columns: { id: col.int64(), amount: col.decimal(12, 2), ratio: col.double(), day: col.date(), seen_at: col.timestamp(), name: col.string(), paid: col.boolean() },
  compute: sql`select 1`,
  checks: (c) => [
    c.range("amount", { min: 0, max: 100.5 }),
    c.range("amount", { min: 0.001 }, { name: "range_amount_fine" }),
    c.range("id", { min: 1, max: 2 ** 60 }),
    c.range("ratio", { min: 0, max: 1, inclusive: false }),
    c.range("day", { min: "2024-01-01" }),
    c.range("seen_at", { max: "2024-03-01T06:00:00+01:00" }),
    c.range("seen_at", { max: "2024-03-01T05:00:00" }, { name: "range_seen_at_local" }),
    c.acceptedValues("name", ["ébène"]),
    c.acceptedValues("paid", [true]),
    c.freshness("seen_at", { maxAge: "1d" }),
    c.notNull(["id", "name"]),
  ],
});
const node = buildAssetGraph([orders]).get(orders.key);

const group = (column: string, min: string | null, max: string | null, extra: Partial<RowGroupStatistics> = {}): RowGroupStatistics => ({ column, values: 10, nulls: 0, min, max, exact: true, ...extra });
const groups = (over: Partial<Record<string, RowGroupStatistics[]>> = {}): RowGroupStatistics[] =>
  Object.entries({
    id: [group("id", "1", "10"), group("id", "11", "20")],
    amount: [group("amount", "0.00", "100.50"), group("amount", "3.25", "99.99")],
    ratio: [group("ratio", "0.1", "0.5"), group("ratio", "0.25", "0.75")],
    day: [group("day", "2024-01-01", "2024-02-01"), group("day", "2024-01-15", "2024-03-01")],
    seen_at: [group("seen_at", "2024-03-01 01:00:00+00", "2024-03-01 04:59:59.999999+00"), group("seen_at", "2024-02-01 00:00:00+00", "2024-02-02 00:00:00+00")],
    name: [group("name", "ébène", "ébène"), group("name", "ébène", "ébène")],
    paid: [group("paid", "true", "true"), group("paid", "true", "true")],
    ...over,
  }).flatMap(([, list]) => list ?? []);
const settled = (list: RowGroupStatistics[]) => settleFromStatistics(node, { rows: 20, rowGroupRows: 10, groups: list });
const verdicts = (row: Record<string, unknown>) => node.checks.map((c, i) => [c.name, row[`c${i}_settled`] === true ? row[`c${i}`] : "to the data"]);

describe("settling checks from Parquet statistics", () => {
  it("settles bounds in the column's type and leaves what it cannot prove to the data", () => {
    expect(verdicts(settled(groups()))).toEqual([
      ["range_amount", 0],
      // 0.00 is not above 0.001: maybe failing, the data decides; so for values with more decimals than the column has.
      ["range_amount_fine", "to the data"],
      // 2^60 is not a safe integer in JavaScript: no exact comparison.
      ["range_id", "to the data"],
      ["range_ratio", 0],
      ["range_day", 0],
      ["range_seen_at", 0],
      // A bound without an offset is read in the session's zone by the engine, in the host's by JavaScript: not compared here.
      ["range_seen_at_local", "to the data"],
      ["accepted_values_name", 0],
      ["accepted_values_paid", 0],
      ["freshness_seen_at", Date.parse("2024-03-01T04:59:59.999Z")],
      ["not_null_id_name", 0],
    ]);
  });

  it("compares a bound of another zone exactly, to the microsecond", () => {
    const row = settled(groups({ seen_at: [group("seen_at", "2024-03-01 05:00:00.000001+00", "2024-03-01 05:00:00.000001+00"), group("seen_at", "2024-03-01 01:00:00+00", "2024-03-01 02:00:00+00")] }));
    expect(verdicts(row)[5]).toEqual(["range_seen_at", "to the data"]);
    expect(verdicts(settled(groups({ seen_at: [group("seen_at", "2024-03-01 05:00:00+00", "2024-03-01 05:00:00+00"), group("seen_at", "2024-03-01 01:00:00+00", "2024-03-01 02:00:00+00")] })))[5]).toEqual(["range_seen_at", 0]);
  });

  it("orders strings by their UTF-8 bytes, as Parquet and the engine do", () => {
    // 'ｚ' (U+FF5A, bytes EF BD 9A) sorts before '😀' (U+1F600, bytes F0 9F 98 80); JavaScript's UTF-16 code units say the opposite.
    const row = settled(groups({ name: [group("name", "ｚ", "ｚ"), group("name", "😀", "😀")] }));
    expect(row.p5_min).toBe("ｚ");
    expect(row.p5_max).toBe("😀");
  });

  it("trusts no bounds that are inexact, missing or unreadable, and no counts that do not cover every row", () => {
    const row = settled(
      groups({
        amount: [group("amount", "0.00", "100.50", { exact: false }), group("amount", "3.25", "99.99")],
        ratio: [group("ratio", null, null), group("ratio", "0.25", "0.75")],
        name: [group("name", "ébène", "ébène")],
        id: [group("id", "1", "10", { nulls: null }), group("id", "11", "20")],
      }),
    );
    expect(verdicts(row).filter(([, v]) => v === "to the data").map(([name]) => name)).toEqual(["range_amount", "range_amount_fine", "range_id", "range_ratio", "range_seen_at_local", "accepted_values_name", "not_null_id_name"]);
    expect(row.p1_min_settled).toBe(false);
    expect(row.p0_nulls_settled).toBe(false);
  });

  it("counts a row group of nulls only as nulls, and reads exact integer bounds and profile values", () => {
    const row = settled(groups({ ratio: [group("ratio", null, null, { nulls: 10 }), group("ratio", "0.25", "0.75", { nulls: 2 })] }));
    expect(row).toMatchObject({ row_count: 20, p2_nulls: 12, p2_min: 0.25, p2_max: 0.75, p0_lo: "1", p0_hi: "20", p1_min: 0, p1_max: 100.5, p3_min: "2024-01-01", p4_max: "2024-03-01 04:59:59.999999+00" });
  });
});
