import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAssetGraph, type AssetGraph } from "lakeform";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime, type OpenRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import type { RunReport } from "../../runtime/run/run-report.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { publishedRows } from "./published-rows.ts";

const HEADER = "customer_id,email,full_name,phone,birth_date,country_code,acquisition_channel,marketing_opt_in,is_test_account,created_at,updated_at";
const line = (id: string) => `${id},${id.toLowerCase()}@example.com,Name ${id},+49 170 1234567,1990-01-01,de,direct,true,false,2024-04-01T10:00:00Z,2024-04-20T10:00:00Z`;

describe("the example platform's customers from the CRM's nightly snapshot files", () => {
  let root = "";
  let graph: AssetGraph;
  let clock = new Date("2024-05-01T12:00:00Z");
  const opened: OpenRuntime[] = [];

  beforeAll(async () => {
    // Without the app database the catalog reads the landed files (the variable is read as it is declared).
    delete process.env.LAKEFORM_SOURCE_PG_URL;
    const { rawCustomers } = await import("../../assets/raw/customers.ts");
    const { cleanCustomers } = await import("../../assets/clean/customers.ts");
    graph = buildAssetGraph([rawCustomers, cleanCustomers]);
    root = mkdtempSync(join(tmpdir(), "lakeform-snapshot-files-"));
  });
  afterAll(async () => {
    for (const runtime of opened.splice(0)) await runtime.close();
    if (root !== "") rmSync(root, { recursive: true, force: true });
  });

  function land(day: string, ids: readonly string[]): void {
    const dir = join(workspaceOf({ environment: "dev", cwd: root }).landingDir, "customers");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${day}.csv`);
    writeFileSync(path, [HEADER, ...ids.map(line)].join("\n") + "\n");
    const at = new Date(`${day}T02:30:00Z`);
    utimesSync(path, at, at);
  }
  async function run(): Promise<RunReport> {
    const runtime = await openRuntime(graph, workspaceOf({ environment: "dev", cwd: root }), runtimeConfigFrom({ LAKEFORM_PII_KEY: "test-pii-key-0123456789" }), () => clock, { environment: {} });
    opened.push(runtime);
    return await executePlan(runtime, planMaterialization(graph, "clean/customers", ["raw/customers", "clean/customers"], { kind: "all" }, clock), silentReporter);
  }
  const runtime = () => opened.at(-1) as OpenRuntime;

  it("leaves out of clean an account the newest snapshot lacks, after one run", async () => {
    expect(graph.get("raw/customers").compute).toMatchObject({ kind: "ingest", from: { kind: "fileDrop", pattern: "customers/*.csv" } });
    land("2024-05-01", ["C1", "C2", "C3"]);
    expect((await run()).results.map((r) => [r.key, r.status])).toEqual([["raw/customers", "published"], ["clean/customers", "published"]]);
    expect(await publishedRows(runtime(), "clean/customers", "customer_id")).toEqual([{ customer_id: "C1" }, { customer_id: "C2" }, { customer_id: "C3" }]);

    // C2 was erased in the CRM: the next night's export lacks it.
    land("2024-05-02", ["C1", "C3"]);
    clock = new Date("2024-05-02T12:00:00Z");
    expect((await run()).results.map((r) => [r.key, r.status])).toEqual([["raw/customers", "published"], ["clean/customers", "published"]]);
    expect(await publishedRows(runtime(), "clean/customers", "customer_id")).toEqual([{ customer_id: "C1" }, { customer_id: "C3" }]);
    // Created at stays the first creation time the snapshots hold.
    expect(await publishedRows(runtime(), "clean/customers", "customer_id, strftime(created_at at time zone 'UTC', '%Y-%m-%d %H:%M') as created_at")).toEqual([
      { customer_id: "C1", created_at: "2024-04-01 10:00" },
      { customer_id: "C3", created_at: "2024-04-01 10:00" },
    ]);
  });
});
