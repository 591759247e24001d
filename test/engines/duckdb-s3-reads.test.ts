import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDBEngine } from "../../runtime/engines/duckdb/duckdb-engine.ts";

const root = mkdtempSync(join(tmpdir(), "lakeform-duckdb-s3-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("DuckDB over data in S3", () => {
  it("reads s3:// inputs only where httpfs loads; otherwise opening says why and how to fix it", async () => {
    // This machine has no internet: httpfs loads only if it was installed before (the runtime image installs it).
    let engine: DuckDBEngine | undefined;
    try {
      engine = await DuckDBEngine.create({ tempDirectory: join(root, "spill"), memoryLimit: "128MB", threads: 1, s3: { region: "eu-west-1" } });
    } catch (error) {
      expect((error as Error).message).toMatch(/^DuckDB cannot read published data in S3 here: .+\. Fix: run the runtime from the image the repo's Dockerfile builds \(it installs DuckDB's httpfs and aws extensions\), or unset LAKEFORM_S3_BUCKET to keep data in the workspace\.$/);
      return;
    }
    await engine.close();
  });

  it("without S3 reads, a query leaves data in S3 out and says why", async () => {
    const engine = await DuckDBEngine.create({ tempDirectory: join(root, "spill2"), memoryLimit: "128MB", threads: 1 });
    try {
      const result = await engine.query("select 1 as one", [{ key: "clean/orders", files: [{ kind: "files", uri: "s3://lake/clean/orders/v-1/", format: "parquet" }], columns: {}, hasLoadMetadata: false }]);
      expect(result.rows).toEqual([{ one: 1 }]);
      expect(result.unavailable.get("clean/orders")).toMatch(/httpfs/);
    } finally {
      await engine.close();
    }
  });
});
