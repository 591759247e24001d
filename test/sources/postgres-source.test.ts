import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import { buildAssetGraph, col, env, postgres, source, type AssetDefinition } from "lakeform";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime, type OpenRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import type { RunReport } from "../../runtime/run/run-report.ts";
import { treatSample } from "../../runtime/core/pii/treat-sample.ts";
import { lookAtSource } from "../../runtime/sources/look-at-source.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { describePostgres, TestSchemas } from "../state/support/postgres-test-database.ts";
import { AppDatabase } from "./app-database.ts";

const PII_KEY = "test-pii-key-0123456789";
const connection = env("LAKEFORM_TEST_APP_DATABASE_URL");

const rawOrders = source("raw/orders", {
  owners: ["team:shop"],
  from: postgres({ connection, table: "orders", cursor: "updated_at", lookback: "10m", batchRows: 2 }),
  columns: { id: col.int64(), user_id: col.int64(), product_id: col.int32(), amount: col.decimal(12, 2), status: col.string(), updated_at: col.timestamp() },
});
const rawUsers = source("raw/users", {
  owners: ["team:crm"],
  from: postgres({ connection, table: "users", cursor: "updated_at", softDelete: "deleted_at" }),
  columns: { id: col.int64(), email: col.string().pii("email", "hash"), name: col.string().pii("name", "drop"), updated_at: col.timestamp(), deleted_at: col.timestamp().nullable() },
});
const rawProducts = source("raw/products", {
  owners: ["team:shop"],
  from: postgres({ connection, table: "products", mode: "snapshot" }),
  columns: { id: col.int32().primaryKey(), name: col.string(), price: col.decimal(10, 2), active: col.boolean(), attributes: col.json().nullable() },
});
const graph = buildAssetGraph([rawOrders, rawUsers, rawProducts]);

describePostgres("a PostgreSQL source", (serverUrl) => {
  const schemas = new TestSchemas(serverUrl, "app");
  let app: AppDatabase;
  let root: string;
  let clock: Date;
  const opened: OpenRuntime[] = [];
  afterAll(async () => schemas.dropAll());

  beforeEach(async () => {
    app = await AppDatabase.seed(serverUrl, schemas.fresh());
    process.env.LAKEFORM_TEST_APP_DATABASE_URL = app.url;
    root = mkdtempSync(join(tmpdir(), "lakeform-pg-source-"));
    clock = new Date("2024-05-01T12:00:00Z");
  });
  afterEach(async () => {
    for (const runtime of opened.splice(0)) await runtime.close();
    delete process.env.LAKEFORM_TEST_APP_DATABASE_URL;
    rmSync(root, { recursive: true, force: true });
  });

  async function newProcess(): Promise<OpenRuntime> {
    const runtime = await openRuntime(graph, workspaceOf({ environment: "dev", cwd: root }), runtimeConfigFrom({ LAKEFORM_PII_KEY: PII_KEY }), () => clock, { environment: process.env });
    opened.push(runtime);
    return runtime;
  }
  const materialize = (runtime: OpenRuntime, key: string): Promise<RunReport> => executePlan(runtime, planMaterialization(graph, key, [key], { kind: "all" }, clock), silentReporter);

  /** The rows of the asset's published version, as DuckDB reads them (timestamps as UTC text). */
  async function published(runtime: OpenRuntime, asset: AssetDefinition, orderBy: string): Promise<Record<string, unknown>[]> {
    const [version] = await runtime.state.publishedVersions(asset.key);
    if (version === undefined) return [];
    const reader = await (await DuckDBInstance.create(":memory:")).connect();
    try {
      await reader.run("set TimeZone = 'UTC'");
      const files = version.files.map((f) => `'${join(runtime.workspace.dataDir, f)}'`).join(", ");
      const relation = `read_parquet([${files}])`;
      // Timestamps as UTC text (the client would render them in the host's zone).
      const types = (await reader.runAndReadAll(`describe select * from ${relation}`)).getRowObjectsJson();
      const columns = types.map((c) => (c.column_name === "_loaded_at" ? `strftime(_loaded_at, '%Y-%m-%dT%H:%M:%SZ') as _loaded_at` : String(c.column_type).startsWith("TIMESTAMP") ? `cast("${String(c.column_name)}" as varchar) as "${String(c.column_name)}"` : `"${String(c.column_name)}"`));
      const rows = await reader.runAndReadAll(`select ${columns.join(", ")} from ${relation} order by ${orderBy}`);
      return rows.getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      reader.closeSync();
    }
  }

  it("lands an update made in the app database exactly once across two retried runs", async () => {
    const runtime = await newProcess();
    expect((await materialize(runtime, "raw/orders")).results[0]).toMatchObject({ status: "published", rows: 3 });

    await app.sql("update orders set status = 'refunded', updated_at = '2024-05-01 11:30:00+00' where id = 101");
    clock = new Date("2024-05-01T12:10:00Z");
    // The first run dies while loading (after the batch was extracted and recorded): nothing is published.
    const dying = { ...runtime, landing: { loadLanding: () => Promise.reject(new Error("the process was killed while loading")) } };
    expect((await materialize(dying, "raw/orders")).results[0]).toMatchObject({ status: "failed", reason: "the process was killed while loading" });
    // Two retries of the same batch, in a new process each.
    clock = new Date("2024-05-01T12:20:00Z");
    expect((await materialize(await newProcess(), "raw/orders")).results[0]).toMatchObject({ status: "published", rows: 4 });
    clock = new Date("2024-05-01T12:30:00Z");
    const retry = await newProcess();
    expect((await materialize(retry, "raw/orders")).results[0]).toMatchObject({ status: "published", rows: 4 });

    const rows = await published(retry, rawOrders, "id, updated_at");
    const refunds = rows.filter((r) => r.status === "refunded");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ id: "101", status: "refunded", amount: "39.00", _loaded_at: "2024-05-01T12:10:00Z" });
    expect(rows.map((r) => [r.id, r.status])).toEqual([["100", "paid"], ["101", "paid"], ["101", "refunded"], ["102", "pending"]]);
    // Two batches: the first extraction, and the update (recorded once, by the run that died).
    const batches = await retry.state.sourceBatches("raw/orders");
    expect(batches.map((b) => [b.lowMark, b.highMark, b.rows])).toEqual([
      [undefined, "2024-05-01 10:02:00.000001+00", 3],
      ["2024-05-01 09:52:00.000001+00", "2024-05-01 11:30:00+00", 1],
    ]);
    expect(new Set(rows.map((r) => r._batch_id))).toEqual(new Set(batches.map((b) => b.batchId)));
  });

  it("lands a late row inside the lookback window once, and not the rows of the window already landed", async () => {
    const runtime = await newProcess();
    await materialize(runtime, "raw/orders");
    // Committed after the first extraction, with a cursor value older than the watermark (a long transaction).
    await app.sql("insert into orders values (103, 1, 11, 39.00, 'paid', '2024-05-01 09:58:00+00'), (104, 2, 10, 24.90, 'paid', '2024-05-01 09:00:00+00')");
    expect((await materialize(runtime, "raw/orders")).results[0]).toMatchObject({ status: "published", rows: 4 });
    const rows = await published(runtime, rawOrders, "id");
    expect(rows.map((r) => r.id)).toEqual(["100", "101", "102", "103"]);
    // 104 is older than the lookback (10m before the watermark): it is not seen.
    expect((await runtime.state.sourceBatches("raw/orders")).map((b) => b.rows)).toEqual([3, 1]);
  });

  it("treats PII as it extracts: hashed values join with file drops, dropped columns never leave the database", async () => {
    const runtime = await newProcess();
    await app.sql("update users set deleted_at = '2024-05-01 11:00:00+00', updated_at = '2024-05-01 11:00:00+00' where id = 3");
    expect((await materialize(runtime, "raw/users")).results[0]).toMatchObject({ status: "published", rows: 3 });
    const rows = await published(runtime, rawUsers, "id");
    const key = Buffer.from(PII_KEY);
    expect(rows.map((r) => [r.id, r.email, r.deleted_at])).toEqual([
      ["1", treatSample("Ann@Example.com", { kind: "email", treatment: "hash" }, key), null],
      ["2", treatSample("bob@example.com", { kind: "email", treatment: "hash" }, key), null],
      ["3", treatSample("cy@example.com", { kind: "email", treatment: "hash" }, key), "2024-05-01 11:00:00+00"],
    ]);
    expect(rows[0]).not.toHaveProperty("name");
    expect(rows[0]?.updated_at).toBe("2024-05-01 09:00:00.123456+00");
    // Not in the raw tier, and not in the batch files either.
    const extracts = join(runtime.landingDir, ".lakeform", "extracts", "raw", "users");
    const text = readdirSync(extracts).map((f) => readFileSync(join(extracts, f), "utf8")).join("");
    expect(text).not.toMatch(/Ann|example\.com|Stone/i);
  });

  it("takes a snapshot of a small table each run: a deleted row is gone from raw, the keys gone are counted, an unchanged table lands the same batch", async () => {
    const runtime = await newProcess();
    expect((await materialize(runtime, "raw/products")).results[0]).toMatchObject({ status: "published", rows: 3 });
    expect((await materialize(runtime, "raw/products")).results[0]).toMatchObject({ status: "published", rows: 3 });
    expect(await runtime.state.sourceBatches("raw/products")).toHaveLength(1);

    await app.sql("delete from orders where product_id = 12; delete from products where id = 12; update products set price = 26.50 where id = 10");
    clock = new Date("2024-05-02T12:00:00Z");
    // What the run path does first: the source extracts, and says how many keys of the previous snapshot are gone.
    const node = graph.get("raw/products");
    if (node.compute.kind !== "ingest") throw new Error("raw/products is a source");
    const look = await lookAtSource({ node, from: node.compute.from, window: undefined, landingDir: runtime.landingDir, ledger: runtime.state, piiKey: undefined, now: () => clock, environment: process.env });
    expect({ keysGone: look.keysGone, files: look.files.length }).toEqual({ keysGone: 1, files: 1 });
    expect((await materialize(runtime, "raw/products")).results[0]).toMatchObject({ status: "published", rows: 2 });
    const rows = await published(runtime, rawProducts, "id");
    expect(rows.map((r) => [r.id, r.price, r.active, r.attributes, r._loaded_at])).toEqual([
      [10, "26.50", true, '{"colour":"red"}', "2024-05-02T12:00:00Z"],
      [11, "39.00", true, null, "2024-05-02T12:00:00Z"],
    ]);
    // Only the newest snapshot is kept.
    expect(readdirSync(join(runtime.landingDir, ".lakeform", "extracts", "raw", "products"))).toHaveLength(1);
  });

  it("reports the table's columns the declaration lacks, and those it has no more, as schema drift", async () => {
    const runtime = await newProcess();
    await app.sql("alter table orders add column coupon text default 'SPRING'");
    const step = (await materialize(runtime, "raw/orders")).results[0];
    expect(step).toMatchObject({ status: "published", rows: 3 });
    expect(step?.checks.find((c) => c.check === "schema_drift")).toMatchObject({ status: "warn", message: "schema drift: unexpected coupon" });
    const rows = await published(runtime, rawOrders, "id");
    expect(rows[0]).not.toHaveProperty("coupon");

    await app.sql("alter table orders drop column status");
    const failed = (await materialize(runtime, "raw/orders")).results[0];
    expect(failed?.status).toBe("failed");
    expect(failed?.reason).toContain('required column "status" is missing');
  });

  it("names the unset secret, and never prints the connection's password", async () => {
    const runtime = await newProcess();
    delete process.env.LAKEFORM_TEST_APP_DATABASE_URL;
    expect((await materialize(runtime, "raw/orders")).results[0]?.reason).toBe(
      'Asset "raw/orders": its connection URL is read from the environment variable LAKEFORM_TEST_APP_DATABASE_URL, which is not set. Fix: set LAKEFORM_TEST_APP_DATABASE_URL to the database\'s URL (postgres://user:password@host:5432/database), e.g. from the secret manager.',
    );
    process.env.LAKEFORM_TEST_APP_DATABASE_URL = "postgres://lakeform:s3cret-pw@127.0.0.1:5432/no_such_database";
    const reason = (await materialize(runtime, "raw/orders")).results[0]?.reason ?? "";
    expect(reason).toMatch(/^Asset "raw\/orders": cannot connect to postgres:\/\/lakeform:\*\*\*@127\.0\.0\.1:5432\/no_such_database \(from LAKEFORM_TEST_APP_DATABASE_URL\): .+\. Fix: check that the database is reachable and the URL in LAKEFORM_TEST_APP_DATABASE_URL is right\.$/);
    expect(reason).not.toContain("s3cret-pw");
  });
});
