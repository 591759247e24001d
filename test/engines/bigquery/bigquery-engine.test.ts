import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, daily, partitionEnd, partitionStart, ref, self, sql } from "lakeform";
import { windowOf } from "../../../runtime/core/partitions/time-window.ts";
import { bigqueryClient } from "../../../runtime/engines/bigquery/bigquery-client.ts";
import { BigQueryEngine } from "../../../runtime/engines/bigquery/bigquery-engine.ts";
import { publishToBigQuery } from "../../../runtime/engines/bigquery/publish-to-bigquery.ts";
import { publishedTableOf, stagingTableOf } from "../../../runtime/engines/bigquery/bigquery-tables.ts";
import type { EngineRequest, InputRelation, PartitionTarget } from "../../../runtime/engines/engine.ts";
import type { TableLocation } from "../../../runtime/storage/data-location.ts";
import { fakeSettings, openBigQueryOnFake, type BigQueryOnFake } from "./open-bigquery-on-fake.ts";

const sales = asset("clean/sales", {
  owners: ["team:data"],
  columns: { sale_id: col.int64().primaryKey(), day: col.date(), amount: col.decimal(10, 2) },
  compute: sql.for({
    duckdb: sql`select 1 as sale_id, date '2024-01-01' as day, 10.50 as amount`,
    bigquery: sql`select * from unnest([struct(1 as sale_id, date '2024-01-01' as day, 10.50 as amount), struct(2, date '2024-01-01', 4.50), struct(3, date '2024-01-02', 7.00)])`,
  }),
});

const dailySales = asset("curated/daily_sales", {
  owners: ["team:data"],
  columns: { day: col.date().primaryKey(), sales: col.int64(), total: col.decimal(14, 2) },
  partitions: daily({ start: "2024-01-01", timezone: "UTC" }),
  costGuard: { maxBytesBilled: "1TB" },
  compute: sql`select day, count(*) as sales, sum(amount) as total from ${ref(sales)} where day >= ${partitionStart} and day < ${partitionEnd} group by day`,
});

const graph = buildAssetGraph([sales, dailySales]);
const salesNode = graph.get(sales.key);
const dailyNode = graph.get(dailySales.key);
const TB = 1e12;

let under: BigQueryOnFake;
let versions = 0;
beforeEach(async () => {
  under = await openBigQueryOnFake();
});
afterEach(async () => under.close());

async function salesInput(): Promise<Map<string, InputRelation>> {
  const output = stagingTableOf(salesNode, `v${++versions}`, fakeSettings);
  await (await under.engine.submit({ node: salesNode, partitions: [{ partition: "", window: undefined, inputs: new Map(), output }], attempt: 1 })).wait();
  return new Map([[sales.key, { key: sales.key, files: [output], columns: salesNode.columns, hasLoadMetadata: false }]]);
}

function dailyTarget(partition: string, inputs: Map<string, InputRelation>): PartitionTarget {
  return { partition, window: windowOf(dailyNode.partitions as never, partition), inputs, output: stagingTableOf(dailyNode, `v${++versions}`, fakeSettings) };
}

describe("the BigQuery engine's jobs", () => {
  it("dry-runs before every query job, and sets maximumBytesBilled and labels on each", async () => {
    const inputs = await salesInput();
    const request: EngineRequest = { node: dailyNode, partitions: [dailyTarget("2024-01-01", inputs), dailyTarget("2024-01-02", inputs)], attempt: 3 };
    const job = await under.engine.submit(request);
    expect(job.estimate?.bytesProcessed).toBe(2 * 3 * 3 * 8); // two dry runs over 3 rows × 3 columns of 8 bytes
    await job.wait();
    await under.engine.audit({ node: dailyNode, partition: "2024-01-01", files: [request.partitions[0]?.output as TableLocation], drift: { missing: [], unexpected: [] }, targets: new Map(), rowHistory: [], now: new Date() });

    const inserts = under.fake.jobInserts();
    const jobs = inserts.filter((i) => !i.dryRun);
    expect(jobs.length).toBeGreaterThan(3);
    for (const [i, insert] of inserts.entries()) {
      if (insert.dryRun) continue;
      // Every job follows a dry run of its query (a staging job's: of the asset's SELECT inside it).
      const query = insert.configuration.query?.query as string;
      expect(inserts.slice(0, i).some((p) => p.dryRun && query.includes(p.configuration.query?.query as string))).toBe(true);
      expect(Number(insert.configuration.query?.maximumBytesBilled)).toBeGreaterThan(0);
      expect(insert.configuration.labels).toMatchObject({ lakeform_env: "test", lakeform_asset: expect.stringMatching(/^(clean|curated)_/) });
    }
    // Staging tables expire a day after their job (the engine's default).
    const staging = (request.partitions[0]?.output as TableLocation).table;
    expect((under.fake.expirations.get(staging) ?? 0) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const daily = jobs.filter((i) => i.configuration.labels?.lakeform_asset === "curated_daily_sales" && i.jobId?.startsWith("lakeform_curated_daily_sales_"));
    expect(daily.map((i) => i.jobId)).toEqual([`${job.id}_p0`, `${job.id}_p1`]);
    expect(daily[0]?.configuration.query).toMatchObject({
      maximumBytesBilled: String(TB),
      writeDisposition: "WRITE_TRUNCATE",
      useLegacySql: false,
      parameterMode: "NAMED",
      connectionProperties: [{ key: "time_zone", value: "UTC" }],
      destinationTable: { projectId: "lf-test-project", datasetId: "lf_test_curated", tableId: expect.stringMatching(/^daily_sales__staging_v\d+$/) },
      queryParameters: [
        { name: "p0", parameterType: { type: "DATETIME" }, parameterValue: { value: "2024-01-01 00:00:00" } },
        { name: "p1", parameterType: { type: "DATETIME" }, parameterValue: { value: "2024-01-02 00:00:00" } },
      ],
    });
    expect(daily[0]?.configuration.labels).toEqual({ lakeform_env: "test", lakeform_asset: "curated_daily_sales", lakeform_job: job.id.toLowerCase(), lakeform_attempt: "3" });
  });

  it("stops a query that would scan 40 TB by its cost guard before it runs: no query job is inserted", async () => {
    const inputs = await salesInput();
    const before = under.fake.jobInserts().length;
    under.fake.estimate = () => 40 * TB;
    const target = dailyTarget("2024-01-01", inputs);
    await expect(under.engine.submit({ node: dailyNode, partitions: [target], attempt: 1 })).rejects.toThrow(
      'Asset "curated/daily_sales": its query would scan 40.0 TB (≈ $227.37, by a dry run), over its cost guard\'s limit of 1.0 TB (maxBytesBilled); nothing was run. Fix: read only the partitions it needs (filter on partitionStart/partitionEnd, or the parents\' partition mapping) and fewer columns, or raise costGuard.maxBytesBilled if the scan is meant.',
    );
    expect(under.fake.jobInserts().slice(before).map((i) => i.dryRun)).toEqual([true]);
    expect(await under.fake.hasTable((target.output as TableLocation).table)).toBe(false);
  });

  it("lets BigQuery refuse a job that scans more than maximumBytesBilled after all, naming the asset, the job and the fix", async () => {
    const inputs = await salesInput();
    // The data grew between the dry run and the job.
    under.fake.estimate = (_sql, { dryRun }) => (dryRun ? 1000 : 2 * TB);
    const job = await under.engine.submit({ node: dailyNode, partitions: [dailyTarget("2024-01-01", inputs)], attempt: 1 });
    expect(job.estimate?.bytesProcessed).toBe(1000);
    await expect(job.wait()).rejects.toThrow(new RegExp(`^Asset "curated/daily_sales": BigQuery job ${job.id}_p0 failed: bytesBilledLimitExceeded: Query exceeded limit for bytes billed: ${TB}\\. .*Fix: BigQuery refused to scan more than maximumBytesBilled`));
  });

  it("re-attaches to a job another process inserted: the insert meets HTTP 409, the job is fetched, nothing runs twice", async () => {
    const inputs = await salesInput();
    const request: EngineRequest = { node: dailyNode, partitions: [dailyTarget("2024-01-02", inputs)], attempt: 1 };
    const first = await under.engine.submit(request);
    const result = await first.wait();
    const staging = (request.partitions[0]?.output as TableLocation).table;
    expect(under.fake.writes.get(staging)).toBe(1);

    // Another tick, another process: a new client and engine submit the same work.
    const other = new BigQueryEngine({ client: bigqueryClient({ project: fakeSettings.project, location: fakeSettings.location, apiEndpoint: under.fake.endpoint, accessToken: "another-token" }), settings: fakeSettings, sleep: () => under.fake.settled() });
    const seen = under.fake.requests.length;
    const again = await other.submit(request);
    expect(again.id).toBe(first.id);
    expect(await again.wait()).toEqual(result);
    const conflicts = under.fake.requests.slice(seen).filter((r) => r.method === "POST" && r.body?.jobReference?.jobId === `${first.id}_p0`);
    expect(conflicts).toHaveLength(1);
    expect(under.fake.requests.slice(seen).some((r) => r.method === "GET" && r.path.includes(`/jobs/${first.id}_p0`))).toBe(true);
    expect(under.fake.writes.get(staging)).toBe(1);
    expect((await other.attach(first.id))?.id).toBe(first.id);
  });

  it("fails a job whose SQL BigQuery rejects with a message naming the asset and the BigQuery job", async () => {
    const broken = buildAssetGraph([asset("clean/broken", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select id from a_table_that_does_not_exist` })]).get("clean/broken");
    const job = await under.engine.submit({ node: broken, partitions: [{ partition: "", window: undefined, inputs: new Map(), output: stagingTableOf(broken, "v1", fakeSettings) }], attempt: 1 });
    expect(job.estimate).toBeUndefined();
    await expect(job.wait()).rejects.toThrow(new RegExp(`^Asset "clean/broken": BigQuery job ${job.id}_p0 failed: invalidQuery: .*a_table_that_does_not_exist.*Fix: correct the asset's SQL \\(lakeform render clean/broken --engine bigquery shows what ran\\)`));
  });

  it("reads only the partitions a mapping selects from a parent's published table (a filter on dt)", async () => {
    const table = publishedTableOf(salesNode, fakeSettings);
    await under.fake.rows(`create table "${table}" as select * from (values (1, date '2024-01-01', 10.50::decimal(10,2), date '2024-01-01'), (2, date '2024-01-02', 7.00::decimal(10,2), date '2024-01-02')) as t(sale_id, day, amount, dt)`);
    const inputs = new Map([[sales.key, { key: sales.key, files: [{ kind: "table" as const, table, partition: "20240102" }], columns: salesNode.columns, hasLoadMetadata: false }]]);
    const target = dailyTarget("2024-01-02", inputs);
    const job = await under.engine.submit({ node: dailyNode, partitions: [target], attempt: 1 });
    expect((await job.wait()).partitions[0]?.rows).toBe(1);
    const dry = under.fake.jobInserts().filter((i) => i.dryRun).at(-1);
    expect(dry?.configuration.query.query).toContain(`FROM \`${table}\` WHERE \`dt\` IN (DATE '2024-01-02')`);
    expect(await under.fake.rows(`select cast(day as varchar) as day, sales, total, cast(dt as varchar) as dt from "${(target.output as TableLocation).table}"`)).toEqual([{ day: "2024-01-02", sales: "1", total: "7.00", dt: "2024-01-02" }]);
  });
});

describe("audits on BigQuery", () => {
  it("runs a custom c.sql check transpiled to BigQuery over the staging table, refs to published parents, in the partitions' time zone", async () => {
    const audited = asset("curated/audited_sales", {
      owners: ["team:data"],
      columns: { day: col.date(), total: col.decimal(14, 2) },
      partitions: daily({ start: "2024-01-01", timezone: "Asia/Tokyo" }),
      compute: sql`select day, sum(amount) as total from ${ref(sales)} group by day`,
      checks: (c) => [c.sql("big_days", sql`select day from ${self} where total > 10`), c.sql("unknown_days", sql`select s.day from ${self} as s where s.day not in (select day from ${ref(sales)})`)],
    });
    const node = buildAssetGraph([sales, audited]).get(audited.key);
    const inputs = await salesInput();
    const output = stagingTableOf(node, "v-audit", fakeSettings);
    await (await under.engine.submit({ node, partitions: [{ partition: "2024-01-01", window: windowOf(node.partitions as never, "2024-01-01"), inputs, output }], attempt: 1 })).wait();
    const result = await under.engine.audit({ node, partition: "2024-01-01", files: [output], drift: { missing: [], unexpected: [] }, targets: inputs, rowHistory: [], now: new Date() });
    expect(result.checks.find((c) => c.check === "big_days")).toMatchObject({ status: "fail" });
    expect(result.checks.find((c) => c.check === "big_days")?.message).toContain("1");
    expect(result.checks.find((c) => c.check === "unknown_days")).toMatchObject({ status: "pass" });
    const checkQueries = under.fake.jobInserts().filter((i) => !i.dryRun && String(i.configuration.query?.query).includes("failing_rows"));
    expect(checkQueries.length).toBeGreaterThanOrEqual(2);
    expect(checkQueries[0]?.configuration.query.query).toContain(`FROM \`${output.table}\``);
    expect(checkQueries[0]?.configuration.query.connectionProperties).toEqual([{ key: "time_zone", value: "Asia/Tokyo" }]);
  });
});

describe("publishing on BigQuery", () => {
  async function staged(partitions: readonly string[]): Promise<{ partition: string; staging: TableLocation }[]> {
    const inputs = await salesInput();
    const targets = partitions.map((p) => dailyTarget(p, inputs));
    await (await under.engine.submit({ node: dailyNode, partitions: targets, attempt: 1 })).wait();
    return targets.map((t) => ({ partition: t.partition, staging: t.output as TableLocation }));
  }
  const published = publishedTableOf(dailyNode, fakeSettings);
  const createPublished = () => under.fake.rows(`create table "${published}" (day date, sales bigint, total decimal(14,2), dt date)`);
  const rowsOf = () => under.fake.rows(`select cast(dt as varchar) as dt, sales, total from "${published}" order by dt`);

  it("copies one partition's staging table into the partition decorator with WRITE_TRUNCATE, replacing what was there", async () => {
    await createPublished();
    await under.fake.rows(`insert into "${published}" values (date '2024-01-01', 99, 99.00, date '2024-01-01'), (date '2024-01-02', 5, 5.00, date '2024-01-02')`);
    const [version] = await staged(["2024-01-01"]);
    const done = await publishToBigQuery(under.engine.api, fakeSettings, { node: dailyNode, versions: [version as never], jobId: "lakeform_publish_m42" }, () => under.fake.settled());
    expect(done).toEqual({ jobId: "lakeform_publish_m42", method: "copy", destination: `${published}$20240101` });
    const copy = under.fake.jobInserts().find((i) => i.jobId === "lakeform_publish_m42");
    expect(copy?.configuration.copy).toEqual({
      sourceTable: { projectId: "lf-test-project", datasetId: "lf_test_curated", tableId: version?.staging.table.split(".")[2] },
      destinationTable: { projectId: "lf-test-project", datasetId: "lf_test_curated", tableId: "daily_sales$20240101" },
      writeDisposition: "WRITE_TRUNCATE",
      createDisposition: "CREATE_NEVER",
    });
    expect(await rowsOf()).toEqual([{ dt: "2024-01-01", sales: "2", total: "15.00" }, { dt: "2024-01-02", sales: "5", total: "5.00" }]);
    // Published again (a retry): the same job, re-attached; nothing copied twice.
    await publishToBigQuery(under.engine.api, fakeSettings, { node: dailyNode, versions: [version as never], jobId: "lakeform_publish_m42" }, () => under.fake.settled());
    expect(under.fake.writes.get(published)).toBe(1);
  });

  it("publishes several partitions in one multi-statement transaction", async () => {
    await createPublished();
    await under.fake.rows(`insert into "${published}" values (date '2024-01-01', 99, 99.00, date '2024-01-01')`);
    const versions = await staged(["2024-01-01", "2024-01-02"]);
    const done = await publishToBigQuery(under.engine.api, fakeSettings, { node: dailyNode, versions, jobId: "lakeform_publish_m43" }, () => under.fake.settled());
    expect(done.method).toBe("transaction");
    const script = under.fake.jobInserts().find((i) => i.jobId === "lakeform_publish_m43")?.configuration.query.query as string;
    expect(script.split("\n")[0]).toBe("BEGIN TRANSACTION;");
    expect(script).toContain("WHERE `dt` IN (DATE '2024-01-01', DATE '2024-01-02');");
    expect(script.trim().endsWith("COMMIT TRANSACTION;")).toBe(true);
    expect(await rowsOf()).toEqual([{ dt: "2024-01-01", sales: "2", total: "15.00" }, { dt: "2024-01-02", sales: "1", total: "7.00" }]);
  });

  it("names the asset and the job when publishing fails, and publishes nothing", async () => {
    const [version] = await staged(["2024-01-01"]);
    await expect(publishToBigQuery(under.engine.api, fakeSettings, { node: dailyNode, versions: [version as never], jobId: "lakeform_publish_m44" }, () => under.fake.settled())).rejects.toThrow(
      /^Asset "curated\/daily_sales": BigQuery job lakeform_publish_m44 failed: invalidQuery: Not found: Table lf-test-project\.lf_test_curated\.daily_sales\. Fix: nothing was published; .*\(`pulumi up`\)/,
    );
  });
});
