// The DuckDB engine runs the DuckDB rendering of the audit plan over a small Parquet file, with
// passing and failing checks of every kind; the outcome read from the same results through the
// Spark and BigQuery plans is identical (one reading for every dialect).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planAudit } from "../../runtime/core/checks/plan-audit.ts";
import { readAudit } from "../../runtime/core/checks/read-audit.ts";
import { bigqueryDialect, sparkDialect } from "../../runtime/core/sql/dialects.ts";
import { auditContext } from "../../runtime/engines/audit-context.ts";
import { auditStaged, duckdbAuditPlan, runAuditPlan } from "../../runtime/engines/duckdb/audit/audit-staged.ts";
import { graph, orders } from "./all-check-kinds.ts";
import { StagedOrders } from "./staged-orders.ts";

let staged: StagedOrders;
beforeAll(async () => {
  staged = await StagedOrders.create();
});
afterAll(() => staged.close());

const verdicts = (checks: readonly { check: string; status: string; message: string }[]) => checks.map((c) => [c.check, c.status, c.message]);

describe("the DuckDB engine runs the DuckDB audit plan", () => {
  it("finds what fails, in every kind of check, with the messages and samples it always gave", async () => {
    const audit = await auditStaged(staged.session, staged.request("failing"), staged.window);
    expect(audit.rows).toBe(4);
    expect(verdicts(audit.checks)).toEqual([
      ["not_null_order_id", "pass", "0 nulls of 4 rows"],
      ["not_null_customer_id_status", "fail", "1 row with a null in customer_id, status of 4 rows"],
      ["unique_order_id", "fail", "1 duplicated key (2 rows) of 4 rows on order_id"],
      ["unique_order_id_line", "fail", "1 duplicated key (2 rows) of 4 rows on order_id, line"],
      ["accepted_values_status", "fail", "1 value of status outside the accepted values of 4 rows"],
      ["relationships_customer_id", "fail", "1 value of customer_id not found in clean/customers.customer_id"],
      ["range_amount", "fail", "1 value of amount out of range of 4 rows"],
      ["range_ordered_on", "pass", "0 values of ordered_on out of range of 4 rows"],
      ["range_created_at", "pass", "0 values of created_at out of range of 4 rows"],
      ["regex_email", "fail", "1 value of email not matching /^[a-z0-9._]+@[a-z0-9.-]+$/ of 4 rows"],
      ["row_count", "pass", "4 rows; expected at least 1 and at most 1,000"],
      ["volume_anomaly", "pass", "4 rows, 0.5 stddev from the mean of the last 4 Fridays (4 ± 1; limit 2)"],
      ["freshness_created_at", "pass", "newest created_at is 10h old (max 1d)"],
      ["schema", "pass", "the data has exactly the declared columns"],
      ["no_vip_refunds", "warn", "returned 1 failing row"],
    ]);
    const byName = new Map(audit.checks.map((c) => [c.check, c]));
    expect(byName.get("unique_order_id")?.metrics).toEqual({ duplicatedKeys: 1, duplicatedRows: 2, rows: 4 });
    expect(byName.get("unique_order_id")?.failingSample.map((r) => Number(r.order_id))).toEqual([2, 2]);
    expect(byName.get("relationships_customer_id")?.failingSample.map((r) => r.customer_id)).toEqual(["C9"]);
    expect(byName.get("regex_email")?.failingSample.map((r) => r.email)).toEqual(["NOT AN EMAIL"]);
    expect(byName.get("no_vip_refunds")?.failingSample.map((r) => r.status)).toEqual(["refunded"]);
    expect(byName.get("freshness_created_at")?.metrics).toEqual({ ageMs: 10 * 3_600_000, newest: "2024-03-01T05:00:00.000Z" });
    // The statistics, the scan, 4 own queries, the accepted values' targeted query, and a sample for each of the 8 failing checks.
    expect(audit.queries).toBe(15);
  });

  it("passes clean data with one scan and one query per unique, relationship and custom check", async () => {
    const audit = await auditStaged(staged.session, staged.request("passing"), staged.window);
    expect(audit.checks.filter((c) => c.status !== "pass").map((c) => [c.check, c.message])).toEqual([["volume_anomaly", "2 rows, 3.5 stddev from the mean of the last 4 Fridays (4 ± 1; limit 2)"]]);
    expect(audit.checks.every((c) => c.failingSample.length === 0)).toBe(true);
    // The statistics, the scan (whose bitmap of order ids spares unique_order_id its GROUP BY), 3 own queries and the accepted values' targeted query.
    expect(audit.queries).toBe(6);
  });

  it("profiles every published column from the same scan", async () => {
    const audit = await auditStaged(staged.session, staged.request("failing"), staged.window);
    const profile = new Map(audit.profile.map((p) => [p.name, p]));
    expect(audit.profile.map((p) => [p.name, p.type])).toEqual(Object.entries(graph.get(orders.key).columns).map(([name, c]) => [name, c.type.kind === "decimal" ? "decimal(12,2)" : c.type.kind]));
    expect(profile.get("amount")).toMatchObject({ nulls: 0, min: -5, max: 30, mean: 13.75, minLength: null });
    expect(profile.get("amount")?.quantiles).toHaveLength(3);
    expect(profile.get("status")).toMatchObject({ nulls: 1, distinct: 3, min: "new", max: "refunded", minLength: 3, maxLength: 8 });
    expect(profile.get("email")).toMatchObject({ nulls: 1, minLength: 12 });
    expect(profile.get("attributes")).toMatchObject({ nulls: 3, distinct: null, min: null });
    expect(profile.get("paid")).toMatchObject({ nulls: 0, distinct: 2, min: null });
  });

  it("reports a check that cannot be evaluated as an error, and still runs the rest", async () => {
    const audit = await auditStaged(staged.session, { ...staged.request("failing"), targets: new Map() }, staged.window);
    const errors = audit.checks.filter((c) => c.status === "error").map((c) => [c.check, c.message]);
    expect(errors).toEqual([
      ["relationships_customer_id", `"clean/customers" has never been materialised, so "customer_id" cannot be checked against it`],
      ["no_vip_refunds", `could not be evaluated: Asset "clean/orders": "clean/customers" is not among the inputs prepared for it. Fix: declare the dependency with ref()`],
    ]);
    expect(audit.checks).toHaveLength(15);
  });

  it("adds a schema-drift warning and the landed files the pattern misses, as before", async () => {
    const request = { ...staged.request("passing"), drift: { missing: ["x"], unexpected: ["y"] }, unmatchedLandingFiles: ["orders/dt=1/a.csv"] };
    const audit = await auditStaged(staged.session, request, staged.window);
    expect(verdicts(audit.checks.filter((c) => c.kind === "schema"))).toEqual([
      ["schema", "fail", "schema drift: missing x; unexpected y"],
      ["unmatched_landing_files", "warn", `1 landed file in a subfolder that the pattern "" does not reach was not loaded: orders/dt=1/a.csv. Use the pattern "**/" to load subfolders too, or move it out of the landing folder`],
    ]);
  });

  it("warns of keys a snapshot source lost since its previous snapshot (rows deleted at the source), and says nothing when none did", async () => {
    const gone = await auditStaged(staged.session, { ...staged.request("passing"), keysGoneAtSource: 3 }, staged.window);
    expect(gone.checks.find((c) => c.check === "deleted_at_source")).toMatchObject({
      status: "warn",
      blocking: false,
      metrics: { keys: 3 },
      message: "rows deleted at the source: 3 keys of the previous snapshot are gone, and gone from this version too. Expected for erasures; a large number may mean a truncated table or a wrong query",
    });
    const none = await auditStaged(staged.session, { ...staged.request("passing"), keysGoneAtSource: 0 }, staged.window);
    expect(none.checks.map((c) => c.check)).not.toContain("deleted_at_source");
  });
});

describe("one reading of audit results for every dialect", () => {
  it("reads the same outcome from the same results through the DuckDB, Spark and BigQuery plans", async () => {
    const request = staged.request("failing");
    const duckdbPlan = duckdbAuditPlan(request, staged.window);
    const results = await runAuditPlan(staged.session, duckdbPlan, "Asia/Tokyo");
    const context = auditContext(request, staged.window);
    const targets = new Map([["clean/customers", { sql: "customers", empty: false }]]);
    const macros = { partitionKey: "2024-03-01", partitionStart: staged.window.start, partitionEnd: staged.window.end };
    const onDuckDB = readAudit(duckdbPlan, results, context);
    for (const dialect of [sparkDialect, bigqueryDialect]) {
      const other = planAudit(graph.get(orders.key), { dialect, staged: "staged", targets, macros });
      expect(readAudit(other, results, context)).toEqual(onDuckDB);
    }
    expect(onDuckDB.checks.filter((c) => c.status === "fail")).toHaveLength(7);
  });
});
