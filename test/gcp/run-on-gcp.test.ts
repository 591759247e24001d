import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asset, buildAssetGraph, col, cron, daily, fileDrop, ref, source, sql } from "lakeform";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime, type OpenRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import { tick } from "../../runtime/scheduler/tick.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { FakeBigQuery } from "../support/fake-bigquery.ts";
import { FakeGcs } from "../support/fake-gcs.ts";

// A file drop landing in GCS, cleaned and summed on BigQuery (the environment's default engine).
const rawOrders = source("raw/orders", {
  owners: ["team:data"],
  from: fileDrop({ format: "csv", pattern: "orders/*.csv" }),
  columns: { order_id: col.int64(), day: col.date(), amount: col.decimal(10, 2) },
  partitions: daily({ start: "2024-03-20", timezone: "UTC", column: "day" }),
  schedule: cron("0 2 * * *"),
});
const cleanOrders = asset("clean/orders", {
  owners: ["team:data"],
  columns: { order_id: col.int64().primaryKey(), day: col.date(), amount: col.decimal(10, 2) },
  partitions: daily({ start: "2024-03-20", timezone: "UTC" }),
  compute: sql`select order_id, day, amount from ${ref(rawOrders)} where amount > 0`,
  checks: (c) => [c.notNull("order_id")],
  schedule: cron("0 3 * * *"),
});
const totals = asset("curated/totals", {
  owners: ["team:data"],
  columns: { day: col.date().primaryKey(), orders: col.int64(), amount: col.decimal(12, 2) },
  partitions: daily({ start: "2024-03-20", timezone: "UTC" }),
  costGuard: { maxBytesBilled: "1GB" },
  compute: sql`select day, count(*) as orders, sum(amount) as amount from ${ref(cleanOrders)} group by day`,
  schedule: cron("0 4 * * *"),
});
const graph = buildAssetGraph([rawOrders, cleanOrders, totals]);

const PROJECT = "lf-test-project";
const RAW = `${PROJECT}.lf_test_raw.orders`;
const CLEAN = `${PROJECT}.lf_test_clean.orders`;
const CURATED = `${PROJECT}.lf_test_curated.totals`;
const routes = { owners: {}, fallback: [] };

let root: string;
let gcs: FakeGcs;
let bq: FakeBigQuery;
let runtime: OpenRuntime;
let clock: Date;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "lakeform-gcp-run-"));
  gcs = await FakeGcs.start();
  bq = await FakeBigQuery.start({ files: (uri) => gcs.fileOf(uri) });
  for (const bucket of ["lf-test-landing", "lf-test-raw", "lf-test-clean", "lf-test-curated"]) gcs.createBucket(bucket);
  // The tables `pulumi up` creates: declared columns (+ load metadata for the source) and `dt`.
  await bq.rows(`create table "${RAW}" (order_id bigint, day date, amount decimal(10,2), _loaded_at timestamp, _source_file varchar, _batch_id varchar, dt date)`);
  await bq.rows(`create table "${CLEAN}" (order_id bigint, day date, amount decimal(10,2), dt date)`);
  await bq.rows(`create table "${CURATED}" (day date, orders bigint, amount decimal(12,2), dt date)`);
  await gcs.put("lf-test-landing", "drops/orders/2024-03-20.csv", Buffer.from("order_id,day,amount\n1,2024-03-20,10.50\n2,2024-03-20,4.50\n3,2024-03-20,0.00\n"));
  const config = runtimeConfigFrom({
    LAKEFORM_ENV: "test",
    LAKEFORM_GCS_BUCKET: "lf-test-{tier}",
    LAKEFORM_GCS_ENDPOINT: gcs.endpoint,
    LAKEFORM_LANDING_DIR: "gs://lf-test-landing/drops/",
    LAKEFORM_DEFAULT_ENGINE: "bigquery",
    LAKEFORM_BIGQUERY: JSON.stringify({ project: PROJECT, location: "EU", prefix: "lf-test", apiEndpoint: bq.endpoint }),
    LAKEFORM_DUCKDB_MEMORY: "256MB",
  });
  clock = new Date("2024-03-21T05:00:00Z");
  runtime = await openRuntime(graph, workspaceOf({ environment: "test", cwd: root }), config, () => clock);
});
afterEach(async () => {
  await runtime.close();
  await bq.close();
  await gcs.close();
  rmSync(root, { recursive: true, force: true });
});

/** BigQuery's rows of one partition of a published table, as an analyst would query them. */
const partitionRows = (table: string, columns: string) => bq.rows(`select ${columns} from "${table}" where dt = date '2024-03-20' order by all`);

/** What the state store has published, as (asset, rows) pairs. */
async function publishedRows(): Promise<[string, number][]> {
  const found: [string, number][] = [];
  for (const key of graph.keys) for (const v of await runtime.state.publishedVersions(key)) found.push([key, v.rows]);
  return found;
}

describe("running on GCP: a GCS landing, BigQuery assets, every published version in BigQuery", () => {
  it("materialises inline: the source loads into its BigQuery table, the BigQuery assets read from there and publish by copy", async () => {
    const plan = planMaterialization(graph, "*", graph.keys, { kind: "one", key: "2024-03-20" }, clock);
    const report = await executePlan(runtime, plan, silentReporter);
    expect(report.results.map((r) => [r.key, r.status, r.reason])).toEqual([
      ["raw/orders", "published", undefined],
      ["clean/orders", "published", undefined],
      ["curated/totals", "published", undefined],
    ]);
    // The landing came from the gs:// prefix into the workspace's mirror.
    expect(existsSync(join(root, ".lakeform", "test", "landing-mirror", "orders", "2024-03-20.csv"))).toBe(true);
    // The source's Parquet sits in the raw tier's bucket; BigQuery versions have no files in the store.
    const [raw] = await runtime.state.publishedVersions("raw/orders");
    expect(raw?.files).toEqual([expect.stringMatching(/^raw\/orders\/dt=2024-03-20\/v-[^/]+\/part-00000\.parquet$/)]);
    expect(gcs.fileOf(`gs://lf-test-raw/${raw?.files[0]}`)).toBeDefined();
    expect((await runtime.state.publishedVersions("curated/totals"))[0]?.files).toEqual([]);

    // State store and BigQuery agree.
    expect(await publishedRows()).toEqual([["raw/orders", 3], ["clean/orders", 2], ["curated/totals", 1]]);
    expect(await partitionRows(RAW, "order_id, amount::varchar as amount, _source_file")).toEqual([
      { order_id: "1", amount: "10.50", _source_file: "orders/2024-03-20.csv" },
      { order_id: "2", amount: "4.50", _source_file: "orders/2024-03-20.csv" },
      { order_id: "3", amount: "0.00", _source_file: "orders/2024-03-20.csv" },
    ]);
    expect(await partitionRows(CLEAN, "order_id")).toEqual([{ order_id: "1" }, { order_id: "2" }]);
    expect(await partitionRows(CURATED, "day::varchar as day, orders, amount::varchar as amount")).toEqual([{ day: "2024-03-20", orders: "2", amount: "15.00" }]);

    // How BigQuery was asked: a load job into the raw decorator, query jobs reading the parents' tables, copies into decorators.
    const jobs = bq.jobInserts().filter((j) => !j.dryRun);
    const load = jobs.find((j) => j.configuration.load !== undefined)?.configuration.load;
    expect(load).toMatchObject({ sourceFormat: "PARQUET", writeDisposition: "WRITE_TRUNCATE", destinationTable: { projectId: PROJECT, datasetId: "lf_test_raw", tableId: "orders$20240320" }, hivePartitioningOptions: { mode: "CUSTOM", sourceUriPrefix: "gs://lf-test-raw/raw/orders/{dt:DATE}/" } });
    expect(jobs.filter((j) => j.configuration.copy !== undefined).map((j) => j.configuration.copy.destinationTable.tableId)).toEqual(["orders$20240320", "totals$20240320"]);
    const cleanQuery = jobs.find((j) => String(j.configuration.query?.query).includes('"asset":"clean/orders"'));
    expect(cleanQuery?.configuration.query.query).toContain("FROM `lf-test-project.lf_test_raw.orders` WHERE `dt` IN (DATE '2024-03-20')");
    expect(bq.unguardedJobs()).toEqual([]);
  });

  it("a tick submits the BigQuery jobs and returns; later ticks audit and publish them by copy into the decorator", async () => {
    const detached = { ...runtime, detachJobs: true };
    const first = await tick(detached, { now: clock, routes, reporter: silentReporter });
    expect(first.run?.results.map((r) => [r.key, r.status])).toEqual([["raw/orders", "published"], ["clean/orders", "submitted"], ["curated/totals", "waiting"]]);
    expect(await partitionRows(CLEAN, "order_id")).toEqual([]);
    expect(bq.jobInserts().some((j) => j.configuration.copy !== undefined)).toBe(false);
    await bq.settled();

    clock = new Date("2024-03-21T05:15:00Z");
    const second = await tick(detached, { now: clock, routes, reporter: silentReporter });
    expect(second.advanced.map((r) => [r.key, r.partition, r.status])).toEqual([["clean/orders", "2024-03-20", "published"]]);
    expect(await partitionRows(CLEAN, "order_id")).toEqual([{ order_id: "1" }, { order_id: "2" }]);
    expect(bq.jobInserts().filter((j) => j.configuration.copy !== undefined).map((j) => j.configuration.copy.destinationTable.tableId)).toEqual(["orders$20240320"]);
    await bq.settled();

    for (let i = 0; i < 3 && (await runtime.state.publishedVersions("curated/totals")).length === 0; i++) {
      clock = new Date(clock.getTime() + 15 * 60_000);
      await tick(detached, { now: clock, routes, reporter: silentReporter });
      await bq.settled();
    }
    expect(await publishedRows()).toEqual([["raw/orders", 3], ["clean/orders", 2], ["curated/totals", 1]]);
    expect(await partitionRows(CURATED, "orders, amount::varchar as amount")).toEqual([{ orders: "2", amount: "15.00" }]);
    expect(bq.unguardedJobs()).toEqual([]);
  });

  it("a query over its cost guard fails the materialisation with the estimate and the limit, and runs nothing", async () => {
    bq.estimate = (query) => (query.includes("lf_test_clean.orders`") ? 40e12 : undefined);
    const plan = planMaterialization(graph, "*", graph.keys, { kind: "one", key: "2024-03-20" }, clock);
    const report = await executePlan(runtime, plan, silentReporter);
    expect(report.results.map((r) => [r.key, r.status])).toEqual([["raw/orders", "published"], ["clean/orders", "published"], ["curated/totals", "failed"]]);
    const reason = 'Asset "curated/totals": its query would scan 40.0 TB (≈ $227.37, by a dry run), over its cost guard\'s limit of 1.0 GB (maxBytesBilled); nothing was run.';
    expect(report.results[2]?.reason).toContain(reason);
    const [history] = await runtime.state.materialisationHistory("curated/totals", { limit: 1 });
    expect([history?.status, history?.reason?.slice(0, reason.length)]).toEqual(["failed", reason]);
    expect(bq.jobInserts().filter((j) => !j.dryRun && String(j.configuration.query?.query ?? "").includes('"asset":"curated/totals"'))).toEqual([]);
    expect(await partitionRows(CURATED, "orders")).toEqual([]);
  });

  it("a copy BigQuery refuses fails the materialisation: nothing is half-published", async () => {
    await bq.rows(`drop table "${CURATED}"`);
    const plan = planMaterialization(graph, "*", graph.keys, { kind: "one", key: "2024-03-20" }, clock);
    const report = await executePlan(runtime, plan, silentReporter);
    expect(report.results.map((r) => [r.key, r.status])).toEqual([["raw/orders", "published"], ["clean/orders", "published"], ["curated/totals", "failed"]]);
    expect(report.results[2]?.reason).toMatch(/^Asset "curated\/totals": BigQuery job lakeform_publish_curated_totals_v-[^ ]+ failed: invalidQuery: Not found: Table lf-test-project\.lf_test_curated\.totals\. Fix: nothing was published;/);
    expect(await runtime.state.publishedVersions("curated/totals")).toEqual([]);
  });
});
