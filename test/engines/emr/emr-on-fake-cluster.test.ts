import "aws-sdk-client-mock-vitest/extend";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DescribeClusterCommand, RunJobFlowCommand, TerminateJobFlowsCommand } from "@aws-sdk/client-emr";
import { asset, buildAssetGraph, col, daily, partitionEnd, partitionStart, ref, sql, type AssetDefinition } from "lakeform";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dataFileKey, versionFolderKey } from "../../../runtime/core/layout/data-keys.ts";
import { windowOf } from "../../../runtime/core/partitions/time-window.ts";
import { DuckDBEngine } from "../../../runtime/engines/duckdb/duckdb-engine.ts";
import type { Engine, InputRelation, PartitionTarget } from "../../../runtime/engines/engine.ts";
import type { DataLocation } from "../../../runtime/storage/data-location.ts";
import { LocalObjectStore } from "../../../runtime/storage/local/local-object-store.ts";
import type { ObjectStore } from "../../../runtime/storage/object-store.ts";
import { openEmrOnFakeCluster, type EmrOnFakeCluster } from "./open-emr-on-fake-cluster.ts";

const sales = asset("clean/sales", {
  owners: ["team:data"],
  columns: { sale_id: col.int64().primaryKey(), day: col.date(), amount: col.decimal(10, 2) },
  compute: sql`select * from (values (1, date '2024-01-01', 10.50), (2, date '2024-01-01', 4.50), (3, date '2024-01-02', 7.00)) as t(sale_id, day, amount)`,
});
const dailySales = asset("curated/daily_sales", {
  owners: ["team:data"],
  columns: { day: col.date().primaryKey(), sales: col.int64(), total: col.decimal(14, 2) },
  partitions: daily({ start: "2024-01-01", timezone: "UTC" }),
  compute: sql`select day, count(*) as sales, sum(amount) as total from ${ref(sales)} where day >= ${partitionStart} and day < ${partitionEnd} group by day`,
});
const broken = asset("clean/broken", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select id from a_table_that_does_not_exist` });
const slow = asset("clean/slow", {
  owners: ["team:data"],
  columns: { n: col.int64() },
  compute: sql`select count(*) as n from (select unnest(range(200000)) as a) as x cross join (select unnest(range(200000)) as b) as y where (cast(a as bigint) * b) % 7 = 3`,
  costGuard: { maxRuntime: "10m" },
});
// Instants around midnight in New York (UTC-5 in January): which day each falls in depends on the session's zone.
const events = asset("clean/events", {
  owners: ["team:data"],
  columns: { event_id: col.int64(), happened_at: col.timestamp() },
  // Rows as UNION ALL: inside VALUES polyglot keeps TIMESTAMPTZ, a type Spark SQL does not have.
  compute: sql`select 1 as event_id, timestamptz '2024-01-01 04:30:00+00:00' as happened_at union all select 2, timestamptz '2024-01-01 05:30:00+00:00'
    union all select 3, timestamptz '2024-01-02 04:59:59+00:00' union all select 4, timestamptz '2024-01-02 05:00:00+00:00'`,
});
const nyEvents = asset("curated/ny_events", {
  owners: ["team:data"],
  columns: { event_id: col.int64(), happened_at: col.timestamp(), local_day: col.date() },
  partitions: daily({ start: "2024-01-01", timezone: "America/New_York" }),
  compute: sql`select event_id, happened_at, cast(happened_at as date) as local_day from ${ref(events)} where happened_at >= ${partitionStart} and happened_at < ${partitionEnd}`,
});
const graph = buildAssetGraph([sales, dailySales, broken, slow, events, nyEvents]);

let now: Date;
let under: EmrOnFakeCluster;
beforeEach(async () => {
  now = new Date("2024-01-02T05:00:00Z");
  under = await openEmrOnFakeCluster({ now: () => now });
});
afterEach(async () => under.close());

let versions = 0;
/** A partition to compute into a new version: a folder (Spark writes part files), or one file where the store is DuckDB's local one. */
async function target(store: ObjectStore, definition: AssetDefinition, partition: string, inputs: ReadonlyMap<string, InputRelation> = new Map()): Promise<PartitionTarget> {
  const node = graph.get(definition.key);
  const window = node.partitions?.kind === "time" ? windowOf(node.partitions, partition) : undefined;
  const version = `v-${++versions}`;
  if (store.kind !== "local") return { partition, window, inputs, output: store.locationOf(versionFolderKey(node, partition, version)) };
  const key = dataFileKey(node, partition, version);
  await store.writePathOf(key);
  return { partition, window, inputs, output: store.locationOf(key) };
}
const relation = (definition: AssetDefinition, files: readonly DataLocation[]): InputRelation => ({ key: definition.key, files, columns: graph.get(definition.key).columns, hasLoadMetadata: false });

describe("the EMR engine on a (fake) Spark cluster", () => {
  it("runs two assets due together on one cluster, in submission order, the child reading the version its parent's step wrote; the cluster then ends itself", async () => {
    const { engine, cluster } = under;
    const parent = await target(under.store, sales, "");
    const parentJob = await engine.submit({ node: graph.get(sales.key), partitions: [parent], attempt: 1 });
    const child = await target(under.store, dailySales, "2024-01-01", new Map([[sales.key, relation(sales, [parent.output])]]));
    const childJob = await engine.submit({ node: graph.get(dailySales.key), partitions: [child], attempt: 1 });

    // Polling the child first: the cluster still runs its steps in order.
    expect((await childJob.wait()).partitions.map((p) => p.rows)).toEqual([1]);
    expect(await parentJob.poll()).toEqual({ state: "succeeded" });
    expect(cluster.mock).toHaveReceivedCommandTimes(RunJobFlowCommand, 1);
    expect(cluster.steps().map((s) => [s.name, s.state])).toEqual([
      [parentJob.id, "COMPLETED"],
      [childJob.id, "COMPLETED"],
    ]);
    expect(await under.read("select cast(day as varchar) as day, sales, total from curated.daily_sales", [relation(dailySales, [child.output])])).toEqual([{ day: "2024-01-01", sales: "2", total: "15.00" }]);
    const described = await cluster.client.send(new DescribeClusterCommand({ ClusterId: cluster.steps()[0]?.cluster }));
    expect(described.Cluster?.Status).toEqual({ State: "TERMINATED", StateChangeReason: { Code: "ALL_STEPS_COMPLETED", Message: "Steps completed" } });
  });

  it("fails a step on its first failing statement, naming the step's log, which holds Spark's error", async () => {
    const job = await under.engine.submit({ node: graph.get(broken.key), partitions: [await target(under.store, broken, "")], attempt: 1 });
    const error = await job.wait().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^Asset "clean\/broken": the EMR step \S+ \(s-\S+ on cluster j-\S+\) failed: Unknown Error: .*a_table_that_does_not_exist/s);
    const log = /read the step's log at (s3:\/\/lf-test-logs\/emr\/j-\S+\/steps\/s-\S+\/stderr\.gz) \(stderr\)/.exec(error?.message ?? "")?.[1] ?? "";
    expect(gunzipSync(readFileSync(under.cluster.pathOf(log))).toString()).toContain("a_table_that_does_not_exist");
  });

  it("terminates the cluster of a step running past the cost guard's maxRuntime: the step stops, nothing is written", async () => {
    const output = await target(under.store, slow, "");
    const job = await under.engine.submit({ node: graph.get(slow.key), partitions: [output], attempt: 1 });
    expect(await job.poll()).toEqual({ state: "running" });
    now = new Date(now.getTime() + 11 * 60_000);
    expect(await job.poll()).toMatchObject({ state: "failed", error: expect.stringContaining("past its cost guard's maxRuntime of 10 min") });
    expect(under.cluster.mock).toHaveReceivedCommandTimes(TerminateJobFlowsCommand, 1);
    await under.cluster.settled();
    expect(under.cluster.steps().map((s) => s.state)).toEqual(["CANCELLED"]);
    const folder = output.output.kind === "files" ? output.output.uri.replace("s3://lf-test-lake/", "") : "";
    expect(await under.store.list(folder)).toEqual([]);
  });

  it("computes a partition in its time zone as DuckDB does: the same rows on both engines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-emr-vs-duckdb-"));
    const duckdb = await DuckDBEngine.create({ tempDirectory: join(dir, "spill"), memoryLimit: "256MB", threads: 1 });
    try {
      const local = new LocalObjectStore(join(dir, "data"));
      const rowsOn = async (engine: Engine, store: ObjectStore, read: (select: string, views: readonly InputRelation[]) => Promise<Record<string, unknown>[]>) => {
        const parent = await target(store, events, "");
        await (await engine.submit({ node: graph.get(events.key), partitions: [parent], attempt: 1 })).wait();
        const day = await target(store, nyEvents, "2024-01-01", new Map([[events.key, relation(events, [parent.output])]]));
        await (await engine.submit({ node: graph.get(nyEvents.key), partitions: [day], attempt: 1 })).wait();
        return read("select event_id, epoch_ms(happened_at) as at_ms, cast(local_day as varchar) as local_day from curated.ny_events order by event_id", [relation(nyEvents, [day.output])]);
      };
      const onDuckDB = await rowsOn(duckdb, local, async (select, views) => (await duckdb.query(select, views)).rows);
      const onEmr = await rowsOn(under.engine, under.store, (select, views) => under.read(select, views));
      expect(onDuckDB.map((r) => [r.event_id, r.local_day])).toEqual([
        ["2", "2024-01-01"],
        ["3", "2024-01-01"],
      ]);
      expect(onEmr).toEqual(onDuckDB);
    } finally {
      await duckdb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
