// Checks the Parquet statistics settle are answered from the files' footers, without a scan —
// and give exactly the verdicts and profile the scan gives; what they cannot settle (failing
// bounds, files lacking a column, several accepted values) goes to the scan or a targeted query.
import { join } from "node:path";
import { asset, buildAssetGraph, col, sql } from "lakeform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../runtime/core/checks/read-audit.ts";
import { auditContext } from "../../runtime/engines/audit-context.ts";
import { auditStaged, duckdbAuditPlan, runAuditPlan, statisticsOf } from "../../runtime/engines/duckdb/audit/audit-staged.ts";
import type { AuditRequest } from "../../runtime/engines/engine.ts";
import { localFiles } from "../../runtime/storage/data-location.ts";
import { StagedOrders } from "./staged-orders.ts";

let staged: StagedOrders;
beforeAll(async () => {
  staged = await StagedOrders.create();
});
afterAll(() => staged.close());

/** How the plan answers each check, once the statistics of `request` are known. */
async function answers(request: AuditRequest): Promise<Record<string, string>> {
  const plan = duckdbAuditPlan(request, staged.window, await statisticsOf(staged.session, request));
  return Object.fromEntries(plan.checks.map((c) => [c.check.name, c.answer.kind]));
}

/** The audit as it was before statistics: everything from the one scan. */
async function scannedOnly(request: AuditRequest) {
  const plan = duckdbAuditPlan(request, staged.window);
  return readAudit(plan, await runAuditPlan(staged.session, plan, "Asia/Tokyo", request), auditContext(request, staged.window));
}

describe("audits answer from Parquet statistics what they settle", () => {
  it("settles null counts, in-range bounds, the row count and freshness of passing data without scanning them", async () => {
    expect(await answers(staged.request("passing"))).toEqual({
      not_null_order_id: "statistics",
      not_null_customer_id_status: "statistics",
      unique_order_id: "query",
      unique_order_id_line: "query",
      // Two accepted values occur: the footers cannot tell which, a targeted query does.
      accepted_values_status: "query",
      relationships_customer_id: "query",
      range_amount: "statistics",
      range_ordered_on: "statistics",
      range_created_at: "statistics",
      regex_email: "scan",
      row_count: "statistics",
      volume_anomaly: "context",
      freshness_created_at: "statistics",
      schema: "context",
      no_vip_refunds: "query",
    });
  });

  it("leaves to the scan what fails, and counts single-column nulls exactly from the footers", async () => {
    const kinds = await answers(staged.request("failing"));
    expect(kinds.range_amount).toBe("scan");
    expect(kinds.not_null_customer_id_status).toBe("scan");
    expect(kinds.not_null_order_id).toBe("statistics");
  });

  it("gives the verdicts, metrics, samples and profile the scan gives, passing or failing", async () => {
    for (const version of ["failing", "passing"] as const) {
      const request = staged.request(version);
      const fast = await auditStaged(staged.session, request, staged.window);
      const slow = await scannedOnly(request);
      expect(fast.rows).toBe(slow.rows);
      expect(fast.checks).toEqual(slow.checks);
      expect(fast.profile).toEqual(slow.profile);
    }
  });

  it("checks an integer key with a bitmap of its span in the scan, and runs the GROUP BY only when it finds duplicates", async () => {
    const passing = duckdbAuditPlan(staged.request("passing"), staged.window, await statisticsOf(staged.session, staged.request("passing")));
    const unique = passing.checks.find((c) => c.check.name === "unique_order_id");
    expect(passing.scan.aggregates.find((a) => a.id === unique?.precheck?.when)?.sql).toContain("bitstring_agg");
    // Two key columns have no bitmap: their GROUP BY always runs.
    expect(passing.checks.find((c) => c.check.name === "unique_order_id_line")?.precheck).toBeUndefined();
    const audit = await auditStaged(staged.session, staged.request("passing"), staged.window);
    expect(audit.checks.find((c) => c.check === "unique_order_id")).toMatchObject({ status: "pass", metrics: { duplicatedKeys: 0, duplicatedRows: 0, rows: 2 } });
    const failing = await auditStaged(staged.session, staged.request("failing"), staged.window);
    // The sample: the rows of the smallest duplicated key, found by the key the GROUP BY returned.
    expect(failing.checks.find((c) => c.check === "unique_order_id")?.failingSample.map((r) => Number(r.order_id))).toEqual([2, 2]);
  });

  it("audits a small version by the one fused scan alone, with the same verdicts and profile", async () => {
    // Without statistics: no statistics statement, no targeted query for the accepted values, and a GROUP BY for every key (no bitmap).
    for (const [version, statements] of [["failing", 13], ["passing", 5]] as const) {
      const request = staged.request(version);
      const small = await auditStaged(staged.session, { ...request, rows: 4 }, staged.window);
      const read = await auditStaged(staged.session, request, staged.window);
      expect(small.checks).toEqual(read.checks);
      expect(small.profile).toEqual(read.profile);
      expect(small.queries).toBe(statements);
    }
  });

  it("does not trust statistics that do not cover every row: a file without the column is scanned", async () => {
    const partial = join(staged.dir, "without-email.parquet");
    await staged.session.run(`COPY (select * exclude (email) from read_parquet('${join(staged.dir, "passing.parquet")}')) TO '${partial}' (FORMAT parquet)`);
    const request: AuditRequest = { ...staged.request("passing"), files: [localFiles(join(staged.dir, "passing.parquet")), localFiles(partial)], drift: { missing: ["email"], unexpected: [] } };
    const plan = duckdbAuditPlan(request, staged.window, await statisticsOf(staged.session, request));
    const email = plan.profile.find((p) => p.name === "email");
    // The footers know 1 null among the first file's rows; the second file's rows are nulls too.
    expect(plan.known[email?.metrics.nulls ?? ""]).toBeUndefined();
    const audit = await auditStaged(staged.session, request, staged.window);
    expect(audit.profile.find((p) => p.name === "email")?.nulls).toBe(3);
    expect(audit.rows).toBe(4);
  });

  it("reads the newest timestamp from the footers as the scan does, whatever the session's time zone", async () => {
    const request = staged.request("failing");
    const inTokyo = await staged.session.inTimeZone("Asia/Tokyo", () => auditStaged(staged.session, request, staged.window));
    const freshness = inTokyo.checks.find((c) => c.check === "freshness_created_at");
    expect(freshness?.metrics).toEqual({ ageMs: 10 * 3_600_000, newest: "2024-03-01T05:00:00.000Z" });
  });
});

describe("very large partitions are profiled on a sample, never checked on one", () => {
  const events = asset("clean/events", {
    owners: ["team:data"],
    columns: { id: col.int64(), kind: col.string(), label: col.string(), amount: col.double() },
    compute: sql`select 1`,
    checks: (c) => [c.notNull("id"), c.regex("label", /^L[0-9]+$/), c.acceptedValues("kind", ["a", "b", "c"])],
  });
  const node = buildAssetGraph([events]).get(events.key);

  async function stagedEvents(rows: number): Promise<AuditRequest> {
    const file = join(staged.dir, `events-${rows}.parquet`);
    // One label breaks the regex, near the end: a sampled check would miss it.
    const label = `case when i = ${rows - 7} then 'broken' else 'L' || i end`;
    await staged.session.run(`COPY (select cast(i as BIGINT) as id, (['a', 'b', 'c'])[1 + i % 3] as kind, ${label} as label, cast(i % 100 as DOUBLE) as amount from range(${rows}) as t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    return { node, partition: "", files: [localFiles(file)], drift: { missing: [], unexpected: [] }, targets: new Map(), rowHistory: [], now: new Date("2024-03-05T00:00:00Z") };
  }

  it("estimates distinct counts, moments and lengths on about the sample's rows; nulls, min, max and every check stay exact", async () => {
    const request = await stagedEvents(200_000);
    const sampled = await auditStaged(staged.session, request, undefined, { profileSampleRows: 10_000 });
    const exact = await auditStaged(staged.session, request, undefined);
    expect(sampled.checks).toEqual(exact.checks);
    expect(sampled.checks.find((c) => c.check === "regex_label")?.metrics).toEqual({ failing: 1, rows: 200_000 });
    const column = (audit: typeof exact, name: string) => audit.profile.find((p) => p.name === name);
    expect(column(sampled, "amount")).toMatchObject({ nulls: 0, min: 0, max: 99 });
    // Whole row groups of 2,048 rows: five of them.
    expect(column(sampled, "amount")?.sampledRows).toBe(10_240);
    expect(column(sampled, "amount")?.mean).toBeCloseTo(49.5, 0);
    // Three kinds in 10,000 sampled rows: all of them seen; 10,000 distinct ids in the sample say nothing of the whole.
    expect(column(sampled, "kind")?.distinct).toBe(3);
    expect(column(sampled, "label")?.distinct).toBeNull();
    expect(column(exact, "label")?.distinct).toBeGreaterThan(180_000);
    expect(column(exact, "amount")?.sampledRows).toBeUndefined();
  });

  it("profiles every row of partitions up to ten times the sample", async () => {
    const request = await stagedEvents(100_000);
    const audit = await auditStaged(staged.session, request, undefined, { profileSampleRows: 10_000 });
    expect(audit.profile.every((p) => p.sampledRows === undefined)).toBe(true);
  });
});
