import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asset, buildAssetGraph, col, cron, daily, partitionKey, ref, sql } from "lakeform";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GlueCatalog } from "../../runtime/catalog/glue/glue-catalog.ts";
import { DuckDBEngine } from "../../runtime/engines/duckdb/duckdb-engine.ts";
import { EmrEngine } from "../../runtime/engines/emr/emr-engine.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import type { RunServices } from "../../runtime/run/run-services.ts";
import { tick } from "../../runtime/scheduler/tick.ts";
import { openStateStore } from "../../runtime/state/open-state-store.ts";
import type { SchedulerStore } from "../../runtime/state/scheduler-store.ts";
import { localFiles } from "../../runtime/storage/data-location.ts";
import { fakeGlue } from "../catalog/fake-glue.ts";
import { FakeSparkCluster } from "../engines/emr/fake-spark-cluster.ts";
import { LocalArtifacts } from "../engines/emr/local-artifacts.ts";
import { LocalLakeStore } from "../engines/emr/local-lake-store.ts";
import { fakeClusterSettings } from "../engines/emr/open-emr-on-fake-cluster.ts";

// Orders computed in the runtime (DuckDB), their daily totals on the environment's default, EMR.
const orders = asset("clean/orders", {
  owners: ["team:data"],
  columns: { day: col.date(), amount: col.decimal(10, 2) },
  partitions: daily({ start: "2024-03-20", timezone: "UTC" }),
  compute: sql`select cast(${partitionKey} as date) as day, cast(n * 1.5 as decimal(10, 2)) as amount from (values (1), (2), (3)) as t(n)`,
  schedule: cron("0 3 * * *"),
  engine: "duckdb",
});
const totals = asset("curated/totals", {
  owners: ["team:data"],
  columns: { day: col.date().primaryKey(), orders: col.int64(), amount: col.decimal(12, 2) },
  partitions: daily({ start: "2024-03-20", timezone: "UTC" }),
  compute: sql`select day, count(*) as orders, sum(amount) as amount from ${ref(orders)} group by day`,
  checks: (c) => [c.range("amount", { min: 0 })],
  schedule: cron("0 4 * * *"),
});
const graph = buildAssetGraph([orders, totals]);
const tables = [{ database: "lf_test_clean", name: "orders", partitioned: true }, { database: "lf_test_curated", name: "totals", partitioned: true }];

let root: string;
let clock: Date;
let services: RunServices & { readonly state: SchedulerStore };
let cluster: FakeSparkCluster;
let glue: ReturnType<typeof fakeGlue>;
let warnings: string[];
let duckdb: DuckDBEngine;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "lakeform-aws-run-"));
  clock = new Date("2024-03-21T05:00:00Z");
  cluster = await FakeSparkCluster.create(root);
  glue = fakeGlue(tables);
  warnings = [];
  duckdb = await DuckDBEngine.create({ tempDirectory: join(root, "spill"), memoryLimit: "256MB", threads: 1 });
  const emr = new EmrEngine({ emr: cluster.client, artifacts: new LocalArtifacts(root), settings: fakeClusterSettings, sleep: () => cluster.settled(), now: () => clock });
  services = {
    graph,
    engine: duckdb,
    engines: { emr },
    defaultEngine: "emr",
    landing: duckdb,
    state: await openStateStore({ url: undefined, sqlitePath: join(root, "state.db"), schema: undefined }),
    store: new LocalLakeStore(root),
    catalog: new GlueCatalog({ client: glue.client, graph, prefix: "lf-test" }),
    warn: (message) => warnings.push(message),
    landingDir: join(root, "landing"),
    piiKey: undefined,
    now: () => clock,
  };
});
afterEach(async () => {
  await services.state.close();
  await duckdb.close();
  await cluster.close();
  rmSync(root, { recursive: true, force: true });
});

const versionFolder = /^s3:\/\/lf-test-lake\/(clean\/orders|curated\/totals)\/dt=2024-03-20\/v-[^/]+\/$/;

describe("running on AWS: DuckDB and EMR side by side, published through Glue", () => {
  it("materialises each asset on its engine, writes version folders in the lake and points Glue at the audited versions", async () => {
    const plan = planMaterialization(graph, "*", graph.keys, { kind: "one", key: "2024-03-20" }, clock);
    const report = await executePlan(services, plan, silentReporter);
    expect(report.results.map((r) => [r.key, r.status])).toEqual([["clean/orders", "published"], ["curated/totals", "published"]]);
    // The totals ran on the cluster; the orders did not.
    expect(cluster.steps().map((step) => [step.name, step.state])).toEqual([[expect.stringContaining("curated_totals"), "COMPLETED"]]);
    const [published] = await services.state.publishedVersions("curated/totals");
    expect(published?.files).toEqual([expect.stringMatching(/^curated\/totals\/dt=2024-03-20\/v-[^/]+\/part-[^/]+\.parquet$/)]);
    expect(glue.partitionsOf("lf_test_clean", "orders").get("2024-03-20")).toMatch(versionFolder);
    expect(glue.partitionsOf("lf_test_curated", "totals").get("2024-03-20")).toMatch(versionFolder);
    const rows = await duckdb.query("select day::varchar as day, orders, amount::varchar as amount from curated.totals", [{ key: "curated/totals", files: [localFiles(cluster.pathOf(glue.partitionsOf("lf_test_curated", "totals").get("2024-03-20") ?? ""))], columns: graph.get("curated/totals").columns, hasLoadMetadata: false }]);
    expect(rows.rows).toEqual([{ day: "2024-03-20", orders: "3", amount: "9.00" }]);
  });

  it("a tick submits the EMR job and returns; the next tick publishes it, in the state store and in Glue", async () => {
    const detached = { ...services, detachJobs: true };
    clock = new Date("2024-03-21T04:00:00Z");
    const first = await tick(detached, { now: clock, routes: { owners: {}, fallback: [] }, reporter: silentReporter });
    expect(first.run?.results.map((r) => [r.key, r.status])).toEqual([["clean/orders", "published"], ["curated/totals", "submitted"]]);
    expect(glue.partitionsOf("lf_test_curated", "totals").size).toBe(0);
    cluster.advance();
    await cluster.settled();
    clock = new Date("2024-03-21T04:15:00Z");
    const second = await tick(detached, { now: clock, routes: { owners: {}, fallback: [] }, reporter: silentReporter });
    expect(second.advanced.map((r) => [r.key, r.partition, r.status])).toEqual([["curated/totals", "2024-03-20", "published"]]);
    expect(glue.partitionsOf("lf_test_curated", "totals").get("2024-03-20")).toMatch(versionFolder);
  });

  it("a catalog that fails after the state store published is repaired by the next tick's sync", async () => {
    glue.failNextCreate(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    const plan = planMaterialization(graph, "*", ["clean/orders"], { kind: "one", key: "2024-03-20" }, clock);
    const report = await executePlan(services, plan, silentReporter);
    expect(report.results.map((r) => r.status)).toEqual(["published"]);
    expect(warnings).toEqual([expect.stringMatching(/^Published in the state store, but the glue catalog was not updated: Rate exceeded Fix: run `lakeform catalog sync` \(each tick also does\)\.$/)]);
    expect(glue.partitionsOf("lf_test_clean", "orders").size).toBe(0);
    const next = await tick(services, { now: new Date("2024-03-21T05:01:00Z"), routes: { owners: {}, fallback: [] }, reporter: silentReporter });
    expect(next.catalogRepairs).toEqual([{ asset: "clean/orders", partition: "2024-03-20", action: "pointed", location: expect.stringMatching(versionFolder) }]);
    expect(glue.partitionsOf("lf_test_clean", "orders").get("2024-03-20")).toMatch(versionFolder);
  });
});
