import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, daily, partitionEnd, partitionStart, sql } from "lakeform";
import { dataFileKey } from "../../runtime/core/layout/data-keys.ts";
import { windowOf } from "../../runtime/core/partitions/time-window.ts";
import type { AssetNode } from "../../runtime/core/graph/asset-node.ts";
import { DuckDBEngine } from "../../runtime/engines/duckdb/duckdb-engine.ts";
import type { PartitionTarget } from "../../runtime/engines/engine.ts";
import { localFiles } from "../../runtime/storage/data-location.ts";
import { LocalObjectStore } from "../../runtime/storage/local/local-object-store.ts";

const partitions = daily({ start: "2024-01-01", timezone: "Asia/Kolkata", column: "day" });
const days = ["2024-01-01", "2024-01-02", "2024-01-03"];

// Three days of rows, and a fourth (2024-01-04) the SQL leaves in only when asked to.
const counted = asset("clean/counted", {
  owners: ["team:data"],
  columns: { day: col.date(), n: col.int64() },
  partitions,
  compute: sql`select day, count(*) as n from (select cast('2024-01-01' as date) + cast(i % 4 as integer) as day from range(100) t(i)) where day >= ${partitionStart} and day < ${partitionEnd} group by day`,
});
// Long enough (4·10¹⁰ rows) that only a cancellation ends it within the test.
const endless = asset("clean/endless", {
  owners: ["team:data"],
  columns: { day: col.date(), n: col.int64() },
  partitions,
  compute: sql`select cast('2024-01-01' as date) as day, count(*) as n from (select unnest(range(200000)) as a) as x cross join (select unnest(range(200000)) as b) as y where (cast(a as bigint) * b) % 7 = 3`,
});
const graph = buildAssetGraph([counted, endless]);

let dir: string;
let engine: DuckDBEngine;
let store: LocalObjectStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "lakeform-range-engine-"));
  engine = await DuckDBEngine.create({ tempDirectory: join(dir, "spill"), memoryLimit: "256MB", threads: 1 });
  store = new LocalObjectStore(join(dir, "data"));
});
afterEach(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function targets(node: AssetNode): Promise<PartitionTarget[]> {
  return Promise.all(days.map(async (partition) => ({ partition, window: windowOf(partitions, partition), inputs: new Map(), output: localFiles(await store.writePathOf(dataFileKey(node, partition, "v-test"))) })));
}

const filesUnder = (folder: string) => readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

describe("a range job on the DuckDB engine", () => {
  it("writes each partition of the range to its own output, with its rows counted", async () => {
    const node = graph.get(counted.key);
    const job = await engine.submit({ node, partitions: await targets(node), attempt: 1 });
    const { partitions: written } = await job.wait();
    expect(written.map((w) => [w.partition, w.rows])).toEqual(days.map((d) => [d, 1]));
    const rows = await engine.query(`select cast(day as varchar) as day, n from clean.counted order by day`, [{ key: "clean/counted", files: written.map((w) => w.output), columns: node.columns, hasLoadMetadata: false }]);
    expect(rows.rows).toEqual([{ day: "2024-01-01", n: "25" }, { day: "2024-01-02", n: "25" }, { day: "2024-01-03", n: "25" }]);
    // Only the three outputs: no scratch folder left behind.
    expect(filesUnder(join(dir, "data"))).toEqual(["part-00000.parquet", "part-00000.parquet", "part-00000.parquet"]);
  });

  it("removes everything it wrote when cancelled", async () => {
    const node = graph.get(endless.key);
    const job = await engine.submit({ node, partitions: await targets(node), attempt: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await job.poll()).state).toBe("running");
    await job.cancel();
    expect(await job.poll()).toEqual({ state: "cancelled" });
    await expect(job.wait()).rejects.toThrow(/^Asset "clean\/endless": job \S+ was cancelled/);
    expect(filesUnder(join(dir, "data"))).toEqual([]);
  });
});
