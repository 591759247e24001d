import { asset, buildAssetGraph, col, cron, ref, sql } from "lakeform";
import { describe, expect, it } from "vitest";
import { aSource } from "../support/declare.ts";

function platform(options: { revenueSql?: string; description?: string; ordersColumns?: "wide" } = {}) {
  const raw = aSource("raw/orders");
  const orders = asset("clean/orders", {
    owners: ["team:sales"],
    description: options.description ?? "Orders, deduplicated",
    columns: options.ordersColumns === "wide" ? { id: col.string(), value: col.int64(), note: col.string() } : { id: col.string(), value: col.int64() },
    compute: sql`select distinct * from ${ref(raw)}`,
  });
  const revenue = asset("curated/revenue", {
    owners: ["team:finance"],
    columns: { total: col.int64() },
    compute: options.revenueSql === undefined ? sql`select sum(value) as total from ${ref(orders)}` : sql`select ${options.revenueSql} as total from ${ref(orders)}`,
    schedule: cron("0 * * * *"),
  });
  const other = aSource("raw/customers");
  return buildAssetGraph([raw, orders, revenue, other]);
}

const fingerprints = (graph: ReturnType<typeof platform>) => Object.fromEntries(graph.nodes().map((n) => [n.key, n.fingerprint]));

describe("fingerprints", () => {
  it("are stable across builds", () => {
    expect(fingerprints(platform())).toEqual(fingerprints(platform()));
    expect(Object.values(fingerprints(platform())).every((f) => /^[0-9a-f]{16}$/.test(f))).toBe(true);
  });

  it("change for the asset whose data changes and everything downstream of it, nothing else", () => {
    const before = fingerprints(platform());
    const after = fingerprints(platform({ ordersColumns: "wide" }));
    expect(after["raw/orders"]).toBe(before["raw/orders"]);
    expect(after["raw/customers"]).toBe(before["raw/customers"]);
    expect(after["clean/orders"]).not.toBe(before["clean/orders"]);
    expect(after["curated/revenue"]).not.toBe(before["curated/revenue"]);
  });

  it("change when bound SQL values change, not when only metadata changes", () => {
    expect(fingerprints(platform({ revenueSql: "1" }))["curated/revenue"]).not.toBe(fingerprints(platform({ revenueSql: "2" }))["curated/revenue"]);
    expect(fingerprints(platform({ description: "Another description" }))).toEqual(fingerprints(platform()));
  });
});

describe("fingerprints of per-engine overrides", () => {
  const withOverride = (spark?: string) => {
    const raw = aSource("raw/orders");
    const duckdb = sql`select sum(value) as total from ${ref(raw)}`;
    const compute = spark === undefined ? sql.for({ duckdb }) : sql.for({ duckdb, spark: sql`select ${spark} as total from ${ref(raw)}` });
    return buildAssetGraph([raw, asset("curated/total", { owners: ["team:finance"], columns: { total: col.int64() }, compute })]).get("curated/total").fingerprint;
  };

  it("change when an engine's override changes: what that engine publishes is stale", () => {
    expect(withOverride("sum(value)")).toBe(withOverride("sum(value)"));
    expect(withOverride("sum(value)")).not.toBe(withOverride("sum(value) + 0"));
    expect(withOverride()).not.toBe(withOverride("sum(value)"));
  });
});
