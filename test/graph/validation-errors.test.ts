import { asset, col, cron, cronDeadline, daily, eager, fileDrop, hourly, identity, maxLag, ref, source, sql, staticPartitions, timeWindow } from "lakeform";
import { describe, expect, it } from "vitest";
import { aSource, anAsset } from "../support/declare.ts";
import { problemsOf } from "../support/problems.ts";

describe("buildAssetGraph reports every problem with the asset and the fix", () => {
  it("rejects duplicate keys", () => {
    const first = asset("clean/orders", { owners: ["team:data"], columns: { id: col.string() }, compute: sql`select 1 as id` });
    const second = asset("clean/orders", { owners: ["team:data"], columns: { id: col.string() }, compute: sql`select 2 as id` });
    expect(problemsOf([first, second])[0]).toMatch(
      /^Asset "clean\/orders": the key is declared twice \(at test\/graph\/validation-errors\.test\.ts:\d+ and test\/graph\/validation-errors\.test\.ts:\d+\)\. Fix: give each asset a unique key\.$/,
    );
  });

  it("rejects a missing dependency and suggests the closest key", () => {
    expect(problemsOf([aSource("raw/orders"), anAsset("clean/orders", ["raw/order"])])).toEqual([
      'Asset "clean/orders": depends on "raw/order", which is not declared. Fix: did you mean "raw/orders"? Otherwise declare "raw/order" or add it to the catalog.',
    ]);
  });

  it("reports a cycle with its path", () => {
    expect(problemsOf([anAsset("clean/a", ["clean/c"]), anAsset("clean/b", ["clean/a"]), anAsset("clean/c", ["clean/b"])])).toEqual([
      'Asset "clean/a": is part of a dependency cycle: clean/a → clean/c → clean/b → clean/a. Fix: remove one of the dependencies on the cycle.',
    ]);
  });

  it("reports an asset that reads itself", () => {
    expect(problemsOf([anAsset("clean/a", ["clean/a"])])[0]).toMatch(/^Asset "clean\/a": it depends on itself\. Fix: remove the ref\(\) to itself/);
  });

  it("rejects invalid cron expressions in schedules and deadlines", () => {
    expect(problemsOf([anAsset("clean/a", [], { schedule: cron("0 25 * * *") }), anAsset("clean/b", [], { schedule: cron("0 6 * *") })])).toEqual([
      'Asset "clean/a": schedule: cron "0 25 * * *" is invalid: Constraint error, got value 25 expected range 0-23. Fix: write five fields, e.g. cron("0 6 * * *", { timezone: "UTC" }).',
      'Asset "clean/b": schedule: cron "0 6 * *" has 4 fields; five are expected (minute hour day-of-month month day-of-week). Fix: write five fields, e.g. cron("0 6 * * *", { timezone: "UTC" }).',
    ]);
    expect(problemsOf([anAsset("clean/a", [], { freshness: cronDeadline({ cron: "0 9 * * *", window: "3h", timezone: "Mars/Olympus" }) })])).toEqual([
      'Asset "clean/a": freshness deadline: time zone "Mars/Olympus" is unknown. Fix: write five fields, e.g. cronDeadline({ cron: "0 9 * * *", window: "3h" }).',
    ]);
  });

  it("rejects unsafe identifiers in keys and columns", () => {
    const bad = asset("Clean/Orders", { owners: ["team:data"], columns: { "Order ID": col.string(), select: col.string(), _batch: col.string() }, compute: sql`select 1` });
    expect(problemsOf([bad])).toEqual([
      'Asset "Clean/Orders": key segment "Clean" is not a safe identifier (lower_snake_case, starting with a letter, at most 63 characters). Fix: rename it, e.g. "clean/orders".',
      'Asset "Clean/Orders": no tier. Fix: add tier: "raw" | "clean" | "curated", or start the key with a tier ("clean/Clean/Orders").',
      'Asset "Clean/Orders": column "Order ID" is not a safe identifier (lower_snake_case, starting with a letter, at most 63 characters). Fix: rename it "order_id".',
      'Asset "Clean/Orders": column "select" is an SQL keyword. Fix: rename it, e.g. "select_value".',
      'Asset "Clean/Orders": column "_batch" starts with "_", which is reserved for load metadata (_loaded_at, _source_file, _batch_id). Fix: rename it "batch".',
    ]);
  });

  it("rejects checks on unknown columns, for callers without types", () => {
    const orders = asset("clean/orders", {
      owners: ["team:data"],
      columns: { order_id: col.string(), amount: col.double() },
      compute: sql`select 1`,
      checks: (c) => [c.notNull("order_idd" as "order_id"), c.unique(["order_id", "amout" as "amount"])],
    });
    expect(problemsOf([orders])).toEqual([
      'Asset "clean/orders": check "not_null_order_idd" names column "order_idd", which the asset does not declare. Fix: did you mean "order_id"? Otherwise declare the column.',
      'Asset "clean/orders": check "unique_order_id_amout" names column "amout", which the asset does not declare. Fix: did you mean "amount"? Otherwise declare the column.',
    ]);
  });

  it("rejects inconsistent checks", () => {
    const a = asset("clean/a", {
      owners: ["team:data"],
      columns: { id: col.string(), amount: col.double(), seen_at: col.timestamp() },
      compute: sql`select 1`,
      checks: (c) => [
        c.range("amount", { min: 10, max: 1 }),
        c.regex("id", "^(?=a)"),
        c.freshness("amount", { maxAge: "1h" }),
        c.rowCount({ min: 5 }, { severity: "warn", blocking: true }),
        c.relationships("id", { asset: "clean/nope", column: "id" }),
      ],
    });
    expect(problemsOf([a])).toEqual([
      'Asset "clean/a": check "range_amount" has min 10 above max 1. Fix: swap min and max.',
      'Asset "clean/a": check "regex_id" uses lookaround or a back-reference, which DuckDB and BigQuery (RE2) do not support. Fix: rewrite the pattern without them, or use a custom sql check.',
      'Asset "clean/a": check "freshness_amount" applies to a double column. Fix: use freshness on a timestamp or date column.',
      'Asset "clean/a": check "row_count" is a warning but blocking. Fix: use severity: "error" to block publishing, or remove blocking: true.',
      'Asset "clean/a": check "relationships_id" refers to asset "clean/nope", which is not declared. Fix: declare it or fix the key.',
    ]);
  });

  it("rejects partition mappings that do not fit", () => {
    const regions = aSource("raw/regions", { partitions: staticPartitions(["eu", "us"]) });
    const events = aSource("raw/events", { partitions: hourly({ start: "2024-01-01" }) });
    const daily1 = anAsset("clean/by_region", [], { partitions: daily({ start: "2024-01-01" }), compute: sql`select * from ${ref(regions)}` });
    const sameKey = anAsset("clean/events", [], { partitions: daily({ start: "2024-01-01" }), compute: sql`select * from ${ref(events, { partitions: identity() })}` });
    const unpartitioned = anAsset("clean/all_events", [], { compute: sql`select * from ${ref(events, { partitions: timeWindow({ startOffset: -1 }) })}` });
    expect(problemsOf([regions, events, daily1, sameKey, unpartitioned])).toEqual([
      'Asset "clean/all_events": dependency "raw/events": timeWindow mapping between a unpartitioned asset and its hourly-partitioned parent. Fix: an unpartitioned asset reads all parent partitions: use allPartitions() or remove the mapping.',
      'Asset "clean/by_region": dependency "raw/regions": no partition mapping fits between a daily-partitioned asset and its static-partitioned parent by default. Fix: read every parent partition with ref(parent, { partitions: allPartitions() }), or partition both the same way.',
      'Asset "clean/events": dependency "raw/events": identity mapping between a daily-partitioned asset and its hourly-partitioned parent. Fix: use timeWindow() to read the overlapping windows.',
    ]);
  });

  it("rejects a freshness policy the schedule can never meet, counting the 25-hour day of a DST change", () => {
    const nightly = anAsset("clean/nightly", [], { schedule: cron("0 2 * * *", { timezone: "Europe/Paris" }), freshness: maxLag({ failAfter: "6h" }) });
    const child = anAsset("curated/child", ["clean/nightly"], { schedule: eager(), freshness: maxLag({ warnAfter: "1h", failAfter: "12h" }) });
    const early = anAsset("clean/early", [], { schedule: cron("0 6 * * *"), freshness: cronDeadline({ cron: "0 9 * * *", window: "2h" }) });
    expect(problemsOf([nightly, child, early])).toEqual([
      'Asset "clean/early": freshness deadline "0 9 * * *" (window 2h) can never be met by schedule "0 6 * * *": no run falls within 2h before the deadline at 2024-01-01T09:00:00.000Z. Fix: schedule a run inside the window before each deadline, or widen the window.',
      'Asset "clean/nightly": freshness failAfter 6h can never be met: its schedule "0 2 * * *" leaves up to 1d1h between runs. Fix: run it at least every 6h, or raise failAfter to 1d1h.',
      'Asset "curated/child": freshness failAfter 12h can never be met: its upstream refreshes only every 1d1h. Fix: run it at least every 12h, or raise failAfter to 1d1h.',
    ]);
  });

  it("rejects a warnAfter that is not shorter than failAfter", () => {
    expect(problemsOf([anAsset("clean/a", [], { freshness: maxLag({ warnAfter: "6h", failAfter: "6h" }) })])).toEqual([
      'Asset "clean/a": freshness warnAfter (6h) must be shorter than failAfter (6h). Fix: lower warnAfter or raise failAfter.',
    ]);
  });

  it("rejects PII treatments that cannot apply to the column", () => {
    const customers = source("raw/customers", {
      owners: ["team:crm"],
      from: fileDrop({ format: "csv", pattern: "customers/*.csv" }),
      columns: { customer_id: col.string(), birth_date: col.date().pii("date_of_birth", "mask") },
    });
    expect(problemsOf([customers])).toEqual([
      'Asset "raw/customers": column "birth_date" is date but PII treatment "mask" produces text. Fix: declare it col.string(), or use .pii("date_of_birth", "drop").',
    ]);
  });

  it("rejects owners, tags and sources in the wrong tier", () => {
    const misplaced = source("clean/feed", { owners: ["Data Team" as "team:data"], tags: ["Has Spaces"], from: fileDrop({ format: "csv", pattern: "feed/*.csv" }), columns: { id: col.string() } });
    expect(problemsOf([misplaced])).toEqual([
      'Asset "clean/feed": the key names tier "clean" but the asset is in tier "raw". Fix: sources land in the raw tier: rename it "raw/feed".',
      'Asset "clean/feed": owner "Data Team" is neither a team nor an e-mail address. Fix: write "team:<name>" (lowercase) or "someone@example.com".',
      'Asset "clean/feed": tag "Has Spaces" is not lower_snake_case or kebab-case. Fix: use "has_spaces".',
    ]);
  });

  it("collects problems of many assets into one error, grouped by asset", () => {
    const problems = problemsOf([anAsset("clean/b", ["raw/missing"]), anAsset("clean/a", [], { owners: [] }), anAsset("clean/b2", [], { schedule: cron("nope") })]);
    expect(problems.map((p) => p.slice(0, p.indexOf(":")))).toEqual(['Asset "clean/a"', 'Asset "clean/b"', 'Asset "clean/b2"']);
  });
});
