// The versions of a range job audited together (one scan grouped by file, one GROUP BY per
// key) read exactly as each audited alone: verdicts, metrics, samples and profile.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRange } from "../../runtime/engines/duckdb/audit/audit-range.ts";
import { auditStaged } from "../../runtime/engines/duckdb/audit/audit-staged.ts";
import type { AuditRequest } from "../../runtime/engines/engine.ts";
import { localFiles } from "../../runtime/storage/data-location.ts";
import { StagedOrders } from "./staged-orders.ts";

let staged: StagedOrders;
beforeAll(async () => {
  staged = await StagedOrders.create();
  // A version without rows, with the schema: it has no group in a grouped scan.
  await staged.session.run(`COPY (select * from read_parquet('${join(staged.dir, "passing.parquet")}') where false) TO '${join(staged.dir, "empty.parquet")}' (FORMAT parquet)`);
});
afterAll(() => staged.close());

const withRows = (request: AuditRequest, rows: number): AuditRequest => ({ ...request, rows });

describe("a range's versions audited together", () => {
  it("give each version the verdicts, samples and profile it gets alone", async () => {
    const requests = [withRows(staged.request("failing"), 4), withRows(staged.request("passing"), 2), { ...withRows(staged.request("passing"), 0), files: [localFiles(join(staged.dir, "empty.parquet"))] }];
    const together = await auditRange(staged.session, requests, () => staged.window);
    const alone = [];
    for (const request of requests) alone.push(await auditStaged(staged.session, request, staged.window));
    expect(together.map((a) => [a.rows, a.checks, a.profile])).toEqual(alone.map((a) => [a.rows, a.checks, a.profile]));
    expect(together[0]?.checks.filter((c) => c.status === "fail").map((c) => c.check)).toContain("unique_order_id");
    expect(together[2]?.rows).toBe(0);
    // Fewer statements in all: the grouped scan and GROUP BYs once for the three.
    const count = (audits: readonly { queries: number }[]) => audits.reduce((sum, a) => sum + a.queries, 0);
    expect(count(together)).toBeLessThan(count(alone));
  });

  it("audits large versions one by one, statistics first", async () => {
    const requests = [staged.request("failing"), staged.request("passing")];
    const together = await auditRange(staged.session, requests, () => staged.window);
    const alone = [];
    for (const request of requests) alone.push(await auditStaged(staged.session, request, staged.window));
    expect(together).toEqual(alone);
  });
});
