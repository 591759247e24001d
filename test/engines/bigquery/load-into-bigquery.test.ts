import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { buildAssetGraph, col, daily, fileDrop, monthly, source } from "lakeform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigqueryClient } from "../../../runtime/engines/bigquery/bigquery-client.ts";
import { BigQueryEngine } from "../../../runtime/engines/bigquery/bigquery-engine.ts";
import { loadJobIdOf } from "../../../runtime/engines/bigquery/load-into-bigquery.ts";
import { filesAt, localFiles } from "../../../runtime/storage/data-location.ts";
import { FakeBigQuery } from "../../support/fake-bigquery.ts";
import { FakeGcs } from "../../support/fake-gcs.ts";
import { fakeSettings } from "./open-bigquery-on-fake.ts";

const events = source("raw/events", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "events/*.csv" }), columns: { id: col.int64(), day: col.date() }, partitions: daily({ start: "2024-01-01", column: "day" }) });
const months = source("raw/months", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "months/*.csv" }), columns: { id: col.int64() }, partitions: monthly({ start: "2024-01-01" }) });
const graph = buildAssetGraph([events, months]);
const TABLE = "lf-test-project.lf_test_raw.events";
const FILE = "gs://lf-test-raw/raw/events/dt=2024-01-01/v-1/part-00000.parquet";

let root: string;
let gcs: FakeGcs;
let bq: FakeBigQuery;
let engine: BigQueryEngine;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lakeform-bq-load-"));
  gcs = await FakeGcs.start();
  bq = await FakeBigQuery.start({ files: (uri) => gcs.fileOf(uri) });
  gcs.createBucket("lf-test-raw");
  const duckdb = await DuckDBInstance.create(":memory:");
  const connection = await duckdb.connect();
  await connection.run(`copy (select * from (values (1, date '2024-01-01', now(), 'events/a.csv', 'b1'), (2, date '2024-01-01', now(), 'events/a.csv', 'b1')) as t(id, day, _loaded_at, _source_file, _batch_id)) to '${join(root, "v1.parquet")}' (format parquet)`);
  connection.closeSync();
  duckdb.closeSync();
  await gcs.put("lf-test-raw", "raw/events/dt=2024-01-01/v-1/part-00000.parquet", readFileSync(join(root, "v1.parquet")));
  engine = new BigQueryEngine({ client: bigqueryClient({ project: fakeSettings.project, location: "EU", apiEndpoint: bq.endpoint, accessToken: "test-token" }), settings: fakeSettings, sleep: () => bq.settled() });
});
afterAll(async () => {
  await bq?.close();
  await gcs?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("versions written as files, loaded into BigQuery when published", () => {
  it("loads a daily partition with WRITE_TRUNCATE into its decorator, dt from the dt= folder; a rerun re-attaches to the same job", async () => {
    await bq.rows(`create table "${TABLE}" (id bigint, day date, _loaded_at timestamp, _source_file varchar, _batch_id varchar, dt date)`);
    await bq.rows(`insert into "${TABLE}" values (9, date '2024-01-01', now(), 'old.csv', 'b0', date '2024-01-01'), (8, date '2024-01-02', now(), 'next.csv', 'b0', date '2024-01-02')`);
    const version = { id: 1, partition: "2024-01-01", version: "v-1", files: [filesAt(FILE)] };
    await engine.loadPublished(graph.get("raw/events"), [version]);
    expect(await bq.rows(`select id, dt::varchar as dt from "${TABLE}" order by id`)).toEqual([{ id: "1", dt: "2024-01-01" }, { id: "2", dt: "2024-01-01" }, { id: "8", dt: "2024-01-02" }]);
    const [load] = bq.jobInserts().filter((j) => j.configuration.load !== undefined);
    expect(load?.jobId).toBe(loadJobIdOf("raw/events", "v-1"));
    expect(load?.configuration.load).toEqual({
      sourceUris: [FILE],
      sourceFormat: "PARQUET",
      destinationTable: { projectId: "lf-test-project", datasetId: "lf_test_raw", tableId: "events$20240101" },
      writeDisposition: "WRITE_TRUNCATE",
      createDisposition: "CREATE_NEVER",
      hivePartitioningOptions: { mode: "CUSTOM", sourceUriPrefix: "gs://lf-test-raw/raw/events/{dt:DATE}/" },
    });
    await engine.loadPublished(graph.get("raw/events"), [version]);
    expect(bq.writes.get(TABLE)).toBe(1);
  });

  it("refuses what it cannot load, naming the asset and the fix", async () => {
    await expect(engine.loadPublished(graph.get("raw/events"), [{ id: 2, partition: "2024-01-02", version: "v-2", files: [localFiles("/tmp/x.parquet")] }])).rejects.toThrow('Asset "raw/events": BigQuery loads files from Cloud Storage, and its version v-2 is at /tmp/x.parquet. Fix: keep data files in GCS (set LAKEFORM_GCS_BUCKET; the Pulumi program sets it on the tick\'s job).');
    await expect(engine.loadPublished(graph.get("raw/months"), [{ id: 3, partition: "2024-01", version: "v-3", files: [filesAt("gs://lf-test-raw/raw/months/dt=2024-01/v-3/part-00000.parquet")] }])).rejects.toThrow('Asset "raw/months": its monthly partitions cannot be loaded into BigQuery from files');
    await expect(engine.loadPublished(graph.get("raw/events"), [{ id: 4, partition: "2024-01-01", version: "v-4", files: [filesAt("gs://lf-test-raw/raw/events/dt=2024-01-01/v-4/part-00000.parquet")] }])).rejects.toThrow(/^Asset "raw\/events": BigQuery job lakeform_load_raw_events_v-4 failed: invalidQuery: Not found: URI gs:\/\/lf-test-raw\/raw\/events\/dt=2024-01-01\/v-4\/part-00000\.parquet\. Fix: nothing was published;/);
  });
});
