import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, daily, partitionEnd, partitionStart, sql, type AssetDefinition } from "lakeform";
import { dataFileKey } from "../../runtime/core/layout/data-keys.ts";
import { windowOf } from "../../runtime/core/partitions/time-window.ts";
import { DuckDBEngine } from "../../runtime/engines/duckdb/duckdb-engine.ts";
import { localPathOf } from "../../runtime/storage/data-location.ts";
import { LocalObjectStore } from "../../runtime/storage/local/local-object-store.ts";

// The columns an asset's SQL returns are checked against its declaration without a DESCRIBE
// before the COPY: the COPY names the declared columns, the drift is bound beside it.
const drifting = asset("clean/drifting", {
  owners: ["team:data"],
  columns: { id: col.int64(), name: col.string() },
  compute: sql`select 2 as id, 'b' as name, 'surprise' as extra, 7 as other`,
});
const driftingByDay = asset("clean/drifting_by_day", {
  owners: ["team:data"],
  columns: { day: col.date() },
  partitions: daily({ start: "2024-01-01", timezone: "Asia/Tokyo" }),
  compute: sql`select day, 'late' as note from (values (date '2024-01-01'), (date '2024-01-02')) as t(day) where day >= cast(${partitionStart} as date) and day < cast(${partitionEnd} as date)`,
});
const missing = asset("clean/missing", {
  owners: ["team:data"],
  columns: { id: col.int64(), total: col.decimal(10, 2), code: col.string() },
  compute: sql`select 1 as id, 'x' as note`,
});
const misspelt = asset("clean/misspelt", {
  owners: ["team:data"],
  columns: { id: col.int64() },
  compute: sql`select 1 as id\nfrom range(3)\nwhere idd > 0`,
});
const exact = asset("clean/exact", { owners: ["team:data"], columns: { id: col.int64() }, compute: sql`select 1 as id` });
const graph = buildAssetGraph([drifting, driftingByDay, missing, misspelt, exact]);

let dir: string;
let engine: DuckDBEngine;
let store: LocalObjectStore;
let versions = 0;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "lakeform-sql-columns-"));
  engine = await DuckDBEngine.create({ tempDirectory: join(dir, "spill"), memoryLimit: "256MB", threads: 1 });
  store = new LocalObjectStore(join(dir, "data"));
});
afterEach(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Computes one partition of `definition` into a new version's file; returns what the job reported and where it wrote. */
async function materialise(definition: AssetDefinition, partition = "") {
  const node = graph.get(definition.key);
  const key = dataFileKey(node, partition, `v-test-${++versions}`);
  await store.writePathOf(key);
  const output = store.locationOf(key);
  const window = node.partitions?.kind === "time" ? windowOf(node.partitions, partition) : undefined;
  const job = await engine.submit({ node, partitions: [{ partition, window, inputs: new Map(), output }], attempt: versions });
  return { output, result: job.wait() };
}

describe("the columns an SQL asset returns, checked without a DESCRIBE before the COPY", () => {
  it("reports every column beyond the declaration as drift, and writes only the declared ones", async () => {
    const { output, result } = await materialise(drifting);
    const [written] = (await result).partitions;
    expect(written?.drift).toEqual({ missing: [], unexpected: ["extra", "other"] });
    expect(written?.rows).toBe(1);
    const rows = await engine.query("select * from clean.drifting", [{ key: drifting.key, files: [output], columns: graph.get(drifting.key).columns, hasLoadMetadata: false }]);
    expect(rows.rows).toEqual([{ id: "2", name: "b" }]);
  });

  it("reports drift of SQL that binds the partition's window, in the partitions' time zone", async () => {
    const { output, result } = await materialise(driftingByDay, "2024-01-02");
    const [written] = (await result).partitions;
    expect(written?.drift).toEqual({ missing: [], unexpected: ["note"] });
    const rows = await engine.query("select cast(day as varchar) as day from clean.drifting_by_day", [{ key: driftingByDay.key, files: [output], columns: graph.get(driftingByDay.key).columns, hasLoadMetadata: false }]);
    expect(rows.rows).toEqual([{ day: "2024-01-02" }]);
  });

  it("reports no drift when the SQL returns exactly the declared columns", async () => {
    const [written] = (await (await materialise(exact)).result).partitions;
    expect(written?.drift).toEqual({ missing: [], unexpected: [] });
  });

  it("names the asset, every missing declared column, what the SQL returns and the fix; nothing is written", async () => {
    const { output, result } = await materialise(missing);
    const at = missing.site.location ?? "";
    expect(at).toMatch(/duckdb-sql-columns\.test\.ts:\d+$/);
    await expect(result).rejects.toThrow(
      `Asset "clean/missing": its SQL returns no column "total", "code" (it returns id, note). Fix: select them in the SQL, or remove them from the declared columns at ${at}.`,
    );
    expect(existsSync(localPathOf(output) ?? "")).toBe(false);
    expect(localPathOf(output)).toMatch(/part-00000\.parquet$/);
  });

  it("an error of the SQL itself still names the asset and the line of its SQL", async () => {
    const { result } = await materialise(misspelt);
    await expect(result).rejects.toThrow(/^Asset "clean\/misspelt": its SQL failed at line 3 of its SQL.*Referenced column "idd" not found/s);
  });

  it("keeps working after a failed asset: the next one is checked and written as before", async () => {
    await expect((await materialise(missing)).result).rejects.toThrow(/returns no column/);
    const [written] = (await (await materialise(drifting)).result).partitions;
    expect(written?.drift).toEqual({ missing: [], unexpected: ["extra", "other"] });
  });
});
