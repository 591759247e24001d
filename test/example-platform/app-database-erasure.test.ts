import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildAssetGraph, type AssetDefinition, type AssetGraph } from "lakeform";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime, type OpenRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import type { RunReport } from "../../runtime/run/run-report.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { describePostgres, TestSchemas, withClient } from "../state/support/postgres-test-database.ts";
import { publishedRows } from "./published-rows.ts";

const PII_KEY = "test-pii-key-0123456789";
const KEYS = ["raw/customers", "clean/customers"];

function account(id: string, email: string) {
  return { customer_id: id, email, full_name: `Name ${id}`, phone: "+49 170 1234567", birth_date: "1990-01-01", country_code: "de", acquisition_channel: "direct", marketing_opt_in: true, is_test_account: false, created_at: "2024-04-01T10:00:00Z", updated_at: "2024-04-20T10:00:00Z" };
}

describePostgres("the example platform's customers from the app database (LAKEFORM_SOURCE_PG_URL)", (serverUrl) => {
  const schemas = new TestSchemas(serverUrl, "shop");
  let appUrl = "";
  let root = "";
  let graph: AssetGraph;
  let catalog: readonly AssetDefinition[] = [];
  let clock = new Date("2024-05-01T12:00:00Z");
  const opened: OpenRuntime[] = [];

  beforeAll(async () => {
    // An empty app database of its own: the demo's seeding creates the tables.
    const schema = schemas.fresh();
    await withClient(serverUrl, undefined, (client) => client.query(`create schema ${schema}`));
    appUrl = `${serverUrl}${serverUrl.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    // The catalog decides its sources when it is declared: set the variable, then load it.
    process.env.LAKEFORM_SOURCE_PG_URL = appUrl;
    const { rawCustomers } = await import("../../assets/raw/customers.ts");
    const { cleanCustomers } = await import("../../assets/clean/customers.ts");
    const { seedAppDatabase } = await import("../../assets/demo/seed-app-database.ts");
    catalog = (await import("../../assets/index.ts")).default;
    graph = buildAssetGraph([rawCustomers, cleanCustomers]);
    const rows = [account("C1", "ann@example.com"), account("C2", "erase.me@example.com"), account("C3", "cy@example.com")];
    const order = (id: string, status: string, updatedAt: string | null) => ({ order_id: id, customer_id: "C1", status, currency: "EUR", subtotal_amount: 10, discount_amount: 0, shipping_amount: 0, tax_amount: 1.9, total_amount: 11.9, coupon_code: null, channel: "web", ordered_at: "2024-04-30T09:00:00Z", updated_at: updatedAt });
    const landed = (source: string, rowsOf: readonly Record<string, unknown>[], at: string) => ({ source, path: `${source}/${at}`, format: "csv" as const, columns: Object.keys(rowsOf[0] ?? {}), rows: rowsOf as never, landedAt: new Date(at) });
    expect(await seedAppDatabase(appUrl, [
      landed("raw/customers", rows, "2024-05-01T02:30:00Z"),
      // Each order's last exported version is the app's row: SO-2 changed later; SO-1 has no change time.
      landed("raw/orders", [order("SO-1", "pending", null), order("SO-2", "pending", "2024-04-30T09:00:00Z")], "2024-04-30T10:00:00Z"),
      landed("raw/orders", [order("SO-2", "paid", "2024-04-30T11:00:00Z")], "2024-04-30T12:00:00Z"),
    ])).toEqual({ customers: 3, products: 0, orders: 2 });
    root = mkdtempSync(join(tmpdir(), "lakeform-erasure-"));
  });
  afterAll(async () => {
    for (const runtime of opened.splice(0)) await runtime.close();
    delete process.env.LAKEFORM_SOURCE_PG_URL;
    if (root !== "") rmSync(root, { recursive: true, force: true });
    await schemas.dropAll();
  });

  async function run(): Promise<RunReport> {
    const runtime = await openRuntime(graph, workspaceOf({ environment: "dev", cwd: root }), runtimeConfigFrom({ LAKEFORM_PII_KEY: PII_KEY }), () => clock, { environment: process.env });
    opened.push(runtime);
    return await executePlan(runtime, planMaterialization(graph, "clean/customers", KEYS, { kind: "all" }, clock), silentReporter);
  }
  const runtime = () => opened.at(-1) as OpenRuntime;

  it("extracts a snapshot, and an account deleted in the app database is gone from raw and clean after one run", async () => {
    expect(graph.get("raw/customers").compute).toMatchObject({ kind: "ingest", from: { kind: "postgres", table: "customers", mode: "snapshot" } });
    const first = await run();
    expect(first.results.map((r) => [r.key, r.status])).toEqual([["raw/customers", "published"], ["clean/customers", "published"]]);
    expect(await publishedRows(runtime(), "clean/customers", "customer_id")).toEqual([{ customer_id: "C1" }, { customer_id: "C2" }, { customer_id: "C3" }]);
    expect(first.results[0]?.checks.map((c) => c.check)).not.toContain("deleted_at_source");

    await withClient(appUrl, undefined, (client) => client.query("delete from customers where customer_id = 'C2'"));
    clock = new Date("2024-05-02T12:00:00Z");
    const second = await run();
    expect(second.results.map((r) => [r.key, r.status])).toEqual([["raw/customers", "published"], ["clean/customers", "published"]]);
    expect(await publishedRows(runtime(), "clean/customers", "customer_id")).toEqual([{ customer_id: "C1" }, { customer_id: "C3" }]);
    // The deletion is reported with the raw version's checks (what `lakeform checks raw/customers` lists).
    expect(second.results[0]?.checks.find((c) => c.check === "deleted_at_source")).toMatchObject({
      status: "warn",
      message: "rows deleted at the source: 1 key of the previous snapshot is gone, and gone from this version too. Expected for erasures; a large number may mean a truncated table or a wrong query",
    });
    // The raw tier holds the newest snapshot only: it does not accumulate them.
    expect(await publishedRows(runtime(), "raw/customers", "customer_id")).toEqual([{ customer_id: "C1" }, { customer_id: "C3" }]);
  });

  it("extracts orders incrementally into an unpartitioned raw tier that clean/orders reads by order day", async () => {
    const full = buildAssetGraph(catalog);
    expect(full.get("raw/orders")).toMatchObject({ partitions: undefined, compute: { kind: "ingest", from: { kind: "postgres", table: "orders", mode: "incremental", cursor: "updated_at" } } });
    expect(full.get("raw/products").compute).toMatchObject({ kind: "ingest", from: { kind: "postgres", table: "products", mode: "snapshot" } });
    const orders = buildAssetGraph(catalog.filter((d) => ["raw/customers", "clean/customers", "raw/orders", "clean/orders"].includes(d.key)));
    const root2 = mkdtempSync(join(tmpdir(), "lakeform-app-orders-"));
    try {
      const runtime = await openRuntime(orders, workspaceOf({ environment: "dev", cwd: root2 }), runtimeConfigFrom({ LAKEFORM_PII_KEY: PII_KEY }), () => clock, { environment: process.env });
      opened.push(runtime);
      const report = await executePlan(runtime, planMaterialization(orders, "clean/orders", ["raw/customers", "clean/customers", "raw/orders", "clean/orders"], { kind: "one", key: "2024-04-30" }, clock), silentReporter);
      expect(report.results.map((r) => [r.key, r.status])).toEqual([["raw/customers", "published"], ["clean/customers", "published"], ["raw/orders", "published"], ["clean/orders", "published"]]);
      expect(await publishedRows(runtime, "clean/orders", "order_id, status, is_paid")).toEqual([
        { order_id: "SO-1", status: "pending", is_paid: false },
        { order_id: "SO-2", status: "paid", is_paid: true },
      ]);
    } finally {
      rmSync(root2, { recursive: true, force: true });
    }
  });
});
