import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, fileDrop, source, sql } from "lakeform";
import { DuckDBEngine } from "../../runtime/engines/duckdb/duckdb-engine.ts";
import { jobIdOf } from "../../runtime/engines/job-id.ts";
import { filesAt, localFiles } from "../../runtime/storage/data-location.ts";
import { LocalObjectStore } from "../../runtime/storage/local/local-object-store.ts";
import { engineContract } from "./engine-contract.ts";

async function openDuckDB() {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-engine-"));
  const engine = await DuckDBEngine.create({ tempDirectory: join(dir, "spill"), memoryLimit: "256MB", threads: 1 });
  return {
    engine,
    store: new LocalObjectStore(join(dir, "data")),
    async close() {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

engineContract("DuckDB (embedded)", openDuckDB);

const one = asset("clean/one", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select 1 as id` });
const node = buildAssetGraph([one]).get(one.key);

describe("the DuckDB engine", () => {
  it("refuses locations it cannot reach (no httpfs, no warehouse), naming the asset and the location", async () => {
    const { engine, close } = await openDuckDB();
    try {
      const job = await engine.submit({ node, partitions: [{ partition: "", window: undefined, inputs: new Map(), output: filesAt("s3://lake/clean/one/v-1/") }], attempt: 1 });
      await expect(job.wait()).rejects.toThrow('Asset "clean/one": the DuckDB engine reads and writes local files only, not s3://lake/clean/one/v-1/. Fix: run the asset on an engine that reaches it (emr for s3://, bigquery for gs:// and tables), or keep the environment\'s data in a local folder.');
    } finally {
      await close();
    }
  });

  it("refuses a source as a job: its landing files load through the landing loader", async () => {
    const raw = source("raw/drops", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "drops/*.csv" }), columns: { id: col.int64() } });
    const { engine, close } = await openDuckDB();
    try {
      const job = await engine.submit({ node: buildAssetGraph([raw]).get(raw.key), partitions: [{ partition: "", window: undefined, inputs: new Map(), output: filesAt("file:///tmp/never-written.parquet") }], attempt: 1 });
      await expect(job.wait()).rejects.toThrow('Asset "raw/drops": it is a source, whose landing files load through a LandingLoader, not as an engine job. Fix: load them with loadLanding, as the run path does.');
    } finally {
      await close();
    }
  });

  it("reads an input given as a version prefix: every Parquet file below it", async () => {
    const { engine, store, close } = await openDuckDB();
    try {
      for (const part of ["part-0", "part-1"]) {
        const key = `clean/one/v-prefix/${part}.parquet`;
        await store.writePathOf(key);
        await (await engine.submit({ node, partitions: [{ partition: "", window: undefined, inputs: new Map(), output: store.locationOf(key) }], attempt: part === "part-0" ? 1 : 2 })).wait();
      }
      const prefix = localFiles(join(store.root, "clean", "one", "v-prefix") + "/");
      expect(prefix.uri.endsWith("/v-prefix/")).toBe(true);
      const { rows } = await engine.query("select count(*) as n from clean.one", [{ key: "clean/one", files: [prefix], columns: node.columns, hasLoadMetadata: false }]);
      expect(rows).toEqual([{ n: "2" }]);
    } finally {
      await close();
    }
  });

  it("names jobs by asset, partitions, fingerprint and attempt: the order of partitions does not matter", () => {
    const target = (partition: string) => ({ partition, window: undefined, inputs: new Map(), output: filesAt("file:///tmp/x.parquet") });
    const id = jobIdOf({ node, partitions: [target("a"), target("b")], attempt: 1 });
    expect(id).toMatch(/^lakeform_clean_one_[0-9a-f]{24}$/);
    expect(jobIdOf({ node, partitions: [target("b"), target("a")], attempt: 1 })).toBe(id);
    expect(jobIdOf({ node, partitions: [target("a")], attempt: 1 })).not.toBe(id);
    expect(jobIdOf({ node, partitions: [target("a"), target("b")], attempt: 2 })).not.toBe(id);
  });
});
