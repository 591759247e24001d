import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, daily, partitionEnd, partitionStart, ref, sql, type AssetDefinition, type AssetNode } from "lakeform";
import { windowOf } from "../../runtime/core/partitions/time-window.ts";
import type { CostEstimate, CostGuard, Engine, EngineJob, EngineRequest, InputRelation, JobResult, PartitionTarget } from "../../runtime/engines/engine.ts";
import { dataFileKey, versionFolderKey } from "../../runtime/core/layout/data-keys.ts";
import type { DataLocation } from "../../runtime/storage/data-location.ts";
import type { ObjectStore } from "../../runtime/storage/object-store.ts";

/** An engine to run the contract on, the object store its locations come from, and how to dispose of both. */
export interface EngineUnderTest {
  readonly engine: Engine;
  readonly store: ObjectStore;
  /**
   * How the engine lays out an output: one Parquet file (DuckDB), or a version folder it fills
   * with part files (Spark's `INSERT OVERWRITE DIRECTORY`). @default "file"
   */
  readonly outputs?: "file" | "folder";
  /**
   * Reads data back for the suite's assertions, where the engine runs no ad-hoc queries (EMR:
   * published data is queried with Athena). @default the engine's own `query`
   */
  read?(sql: string, views: readonly InputRelation[]): Promise<Record<string, unknown>[]>;
  /**
   * For engines that write warehouse tables rather than files of `store` (BigQuery): where a new
   * version goes, and what is written there — each part named, with a fingerprint that changes
   * when it is rewritten. @default - files of `store`, as `outputs` says
   */
  readonly tables?: {
    outputFor(node: AssetNode, partition: string, version: string): DataLocation;
    written(location: DataLocation): Promise<{ readonly name: string; readonly fingerprint: string }[]>;
  };
  close(): Promise<void>;
}

// Sales over two days: the parent every partitioned asset below reads.
const sales = asset("clean/sales", {
  owners: ["team:data"],
  columns: { sale_id: col.int64().primaryKey(), day: col.date(), amount: col.decimal(10, 2) },
  // BigQuery has no VALUES lists: its own SQL, through the per-engine override users have too.
  compute: sql.for({
    duckdb: sql`select * from (values (1, date '2024-01-01', 10.50), (2, date '2024-01-01', 4.50), (3, date '2024-01-02', 7.00), (4, date '2024-01-03', 1.00)) as t(sale_id, day, amount)`,
    bigquery: sql`select * from unnest([struct(1 as sale_id, date '2024-01-01' as day, 10.50 as amount), struct(2, date '2024-01-01', 4.50), struct(3, date '2024-01-02', 7.00), struct(4, date '2024-01-03', 1.00)])`,
  }),
});

const dailySales = asset("curated/daily_sales", {
  owners: ["team:data"],
  columns: { day: col.date().primaryKey(), sales: col.int64(), total: col.decimal(14, 2) },
  partitions: daily({ start: "2024-01-01", timezone: "UTC" }),
  compute: sql`select day, count(*) as sales, sum(amount) as total from ${ref(sales)} where day >= ${partitionStart} and day < ${partitionEnd} group by day`,
});

const checked = asset("clean/checked", {
  owners: ["team:data"],
  columns: { id: col.int64(), code: col.string(), amount: col.int64() },
  compute: sql.for({
    duckdb: sql`select * from (values (1, 'a', 5), (2, 'b', -1), (2, 'c', 3)) as t(id, code, amount)`,
    bigquery: sql`select * from unnest([struct(1 as id, 'a' as code, 5 as amount), struct(2, 'b', -1), struct(2, 'c', 3)])`,
  }),
  checks: (c) => [c.notNull("code"), c.range("amount", { min: 0 }, { severity: "warn" }), c.unique("id")],
});

const drifting = asset("clean/drifting", {
  owners: ["team:data"],
  columns: { id: col.int64() },
  compute: sql`select 1 as id, 'surprise' as extra`,
});

const broken = asset("clean/broken", {
  owners: ["team:data"],
  columns: { id: col.int64() },
  compute: sql`select id from a_table_that_does_not_exist`,
});

// Long enough (4·10¹⁰ rows) that only a cancellation ends it within the test; in SQL every
// engine's dialect has (a DuckDB table function like `range` has no Spark translation).
const endless = asset("clean/endless", {
  owners: ["team:data"],
  columns: { n: col.int64() },
  compute: sql.for({
    duckdb: sql`select count(*) as n from (select unnest(range(200000)) as a) as x cross join (select unnest(range(200000)) as b) as y where (cast(a as bigint) * b) % 7 = 3`,
    bigquery: sql`select count(*) as n from unnest(generate_array(0, 199999)) as a cross join unnest(generate_array(0, 199999)) as b where mod(a * b, 7) = 3`,
  }),
});

const graph = buildAssetGraph([sales, dailySales, checked, drifting, broken, endless]);
const nodeOf = (definition: AssetDefinition): AssetNode => graph.get(definition.key);

/**
 * The engine contract: what every engine (DuckDB now; EMR and BigQuery next) must do alike, at
 * its seam — jobs over data locations, partition ranges, audits, drift, errors naming the asset,
 * cancellation and re-attaching by job id. Results are read back through the engine's own
 * `query` (or the `read` of engines without one), so the suite needs nothing but the engine and
 * its object store.
 */
export function engineContract(name: string, open: () => Promise<EngineUnderTest>): void {
  describe(`Engine contract: ${name}`, () => {
    let under: EngineUnderTest;
    let engine: Engine;
    let versions = 0;
    beforeEach(async () => {
      under = await open();
      engine = under.engine;
    });
    afterEach(async () => under.close());

    const keys = new Map<DataLocation, string>();
    /** A new version's location for one partition of `node` (its object key in {@link keys}): a file, or a folder. */
    async function outputFor(node: AssetNode, partition: string): Promise<DataLocation> {
      const version = `v-test-${++versions}`;
      if (under.tables !== undefined) return under.tables.outputFor(node, partition, version);
      const key = under.outputs === "folder" ? versionFolderKey(node, partition, version) : dataFileKey(node, partition, version);
      if (under.outputs !== "folder") await under.store.writePathOf(key);
      const location = under.store.locationOf(key);
      keys.set(location, key);
      return location;
    }

    /** The keys of the files written at an output location: the file itself, or those in the folder. */
    async function writtenAt(location: DataLocation): Promise<string[]> {
      if (under.tables !== undefined) return (await under.tables.written(location)).map((part) => part.name);
      const key = keys.get(location) ?? "";
      if (under.outputs === "folder") return under.store.list(key);
      return (await under.store.sizeOf(key)) === undefined ? [] : [key];
    }

    async function target(node: AssetNode, partition: string, inputs: ReadonlyMap<string, InputRelation> = new Map()): Promise<PartitionTarget> {
      const window = node.partitions?.kind === "time" ? windowOf(node.partitions, partition) : undefined;
      return { partition, window, inputs, output: await outputFor(node, partition) };
    }

    async function run(node: AssetNode, targets: readonly PartitionTarget[], attempt = 1): Promise<JobResult> {
      return (await engine.submit({ node, partitions: targets, attempt })).wait();
    }

    const relation = (node: AssetNode, files: readonly DataLocation[]): InputRelation => ({ key: node.key, files, columns: node.columns, hasLoadMetadata: false });

    async function rowsAt(node: AssetNode, files: readonly DataLocation[], select: string): Promise<Record<string, unknown>[]> {
      const views = [relation(node, files)];
      return under.read === undefined ? (await engine.query(select, views)).rows : under.read(select, views);
    }

    /** The parent, computed by the engine itself, as an input. */
    async function salesInput(): Promise<Map<string, InputRelation>> {
      const result = await run(nodeOf(sales), [await target(nodeOf(sales), "")]);
      return new Map([[sales.key, relation(nodeOf(sales), result.partitions.map((p) => p.output))]]);
    }

    it("materialises an SQL asset to a data location, cast to the declared types", async () => {
      const node = nodeOf(sales);
      const request = await target(node, "");
      const result = await run(node, [request]);
      expect(result.partitions).toEqual([{ partition: "", output: request.output, rows: 4, drift: { missing: [], unexpected: [] } }]);
      expect(await rowsAt(node, [request.output], "select sale_id, cast(day as varchar) as day, amount from clean.sales order by sale_id")).toEqual([
        { sale_id: "1", day: "2024-01-01", amount: "10.50" },
        { sale_id: "2", day: "2024-01-01", amount: "4.50" },
        { sale_id: "3", day: "2024-01-02", amount: "7.00" },
        { sale_id: "4", day: "2024-01-03", amount: "1.00" },
      ]);
    });

    it("computes a partition range in one request, each partition with its own window and output", async () => {
      const node = nodeOf(dailySales);
      const inputs = await salesInput();
      const targets = [await target(node, "2024-01-01", inputs), await target(node, "2024-01-02", inputs)];
      const result = await run(node, targets);
      expect(result.partitions.map((p) => [p.partition, p.rows, p.output])).toEqual([
        ["2024-01-01", 1, targets[0]?.output],
        ["2024-01-02", 1, targets[1]?.output],
      ]);
      const select = "select cast(day as varchar) as day, sales, total from curated.daily_sales";
      expect(await rowsAt(node, [targets[0]?.output as DataLocation], select)).toEqual([{ day: "2024-01-01", sales: "2", total: "15.00" }]);
      expect(await rowsAt(node, [targets[1]?.output as DataLocation], select)).toEqual([{ day: "2024-01-02", sales: "1", total: "7.00" }]);
    });

    it("audits staged data: a check passes, one warns, one blocks", async () => {
      const node = nodeOf(checked);
      const request = await target(node, "");
      const [written] = (await run(node, [request])).partitions;
      const audit = await engine.audit({ node, partition: "", files: [request.output], drift: written?.drift ?? { missing: [], unexpected: [] }, targets: new Map(), rowHistory: [], now: new Date("2024-01-05T00:00:00Z") });
      const outcome = (kind: string) => audit.checks.find((c) => c.kind === kind);
      expect(audit.rows).toBe(3);
      expect(outcome("notNull")).toMatchObject({ status: "pass", blocking: true });
      expect(outcome("range")).toMatchObject({ status: "warn", severity: "warn", blocking: false });
      expect(outcome("unique")).toMatchObject({ status: "fail", severity: "error", blocking: true });
    });

    it("reports schema drift: a column the SQL returns beyond the declaration, in the job and in the audit", async () => {
      const node = nodeOf(drifting);
      const request = await target(node, "");
      const [written] = (await run(node, [request])).partitions;
      expect(written?.drift).toEqual({ missing: [], unexpected: ["extra"] });
      expect(await rowsAt(node, [request.output], "select * from clean.drifting")).toEqual([{ id: "1" }]);
      const audit = await engine.audit({ node, partition: "", files: [request.output], drift: written?.drift ?? { missing: [], unexpected: [] }, targets: new Map(), rowHistory: [], now: new Date() });
      expect(audit.checks.find((c) => c.check === "schema_drift")).toMatchObject({ status: "warn", severity: "warn", blocking: false });
      expect(audit.checks.find((c) => c.check === "schema_drift")?.message).toContain("extra");
    });

    it("fails a job with bad SQL with an error naming the asset, in wait() and in poll()", async () => {
      const node = nodeOf(broken);
      const job = await engine.submit({ node, partitions: [await target(node, "")], attempt: 1 });
      await expect(job.wait()).rejects.toThrow(/^Asset "clean\/broken": .*a_table_that_does_not_exist/s);
      const status = await job.poll();
      expect(status.state).toBe("failed");
      expect(status.state === "failed" && status.error).toMatch(/^Asset "clean\/broken"/);
    });

    it("cancels a running job, and one still queued behind it never runs; the engine goes on", async () => {
      const slowTarget = await target(nodeOf(endless), "");
      const slow = await engine.submit({ node: nodeOf(endless), partitions: [slowTarget], attempt: 1 });
      const queued = await engine.submit({ node: nodeOf(sales), partitions: [await target(nodeOf(sales), "")], attempt: 1 });
      await queued.cancel();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await slow.poll()).state).toBe("running");
      const started = performance.now();
      await slow.cancel();
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(await slow.poll()).toEqual({ state: "cancelled" });
      expect(await writtenAt(slowTarget.output)).toEqual([]);
      await expect(slow.wait()).rejects.toThrow(/^Asset "clean\/endless": job \S+ was cancelled/);
      expect(await queued.poll()).toEqual({ state: "cancelled" });
      await expect(queued.wait()).rejects.toThrow(/^Asset "clean\/sales": job \S+ was cancelled/);
      // A cancelled job is not resubmitted by its id; a new attempt is a new job.
      expect((await engine.submit({ node: nodeOf(sales), partitions: [await target(nodeOf(sales), "")], attempt: 1 })).id).toBe(queued.id);
      const again = await run(nodeOf(sales), [await target(nodeOf(sales), "")], 2);
      expect(again.partitions[0]?.rows).toBe(4);
    });

    it("consults a cost guard with its estimate before anything runs, when it makes an estimate", async () => {
      const node = nodeOf(sales);
      const request = await target(node, "");
      const seen: CostEstimate[] = [];
      const guard: CostGuard = (estimate) => {
        seen.push(estimate);
        return "it would scan more than the asset's cost guard allows";
      };
      const submitted = engine.submit({ node, partitions: [request], attempt: 1 }, { guard });
      const job = await submitted.catch((error: unknown) => error);
      if (job instanceof Error) {
        // An engine that estimates (a BigQuery dry run): refused, nothing ran.
        expect(seen).toHaveLength(1);
        expect(job.message).toMatch(/^Asset "clean\/sales": .*cost guard allows/);
        expect(await writtenAt(request.output)).toEqual([]);
      } else {
        // An engine that makes no estimate (DuckDB): no guard to consult, the job runs.
        expect(seen).toEqual([]);
        expect((job as EngineJob).estimate).toBeUndefined();
        expect((await (job as EngineJob).wait()).partitions[0]?.rows).toBe(4);
      }
    });

    it("re-attaches by job id: the same asset, partitions, fingerprint and attempt are one job, computed once", async () => {
      const node = nodeOf(dailySales);
      const inputs = await salesInput();
      const request: EngineRequest = { node, partitions: [await target(node, "2024-01-02", inputs)], attempt: 1 };
      const job = await engine.submit(request);
      const result = await job.wait();
      const stored = await writtenAt(request.partitions[0]?.output as DataLocation);
      expect(stored.length).toBeGreaterThan(0);
      const tables = under.tables;
      if (tables === undefined) expect(await under.store.list("curated/daily_sales")).toEqual(expect.arrayContaining(stored));
      const output = request.partitions[0]?.output as DataLocation;
      const state = async () => (tables !== undefined ? tables.written(output) : Promise.all(stored.map(async (key) => ({ key, modified: await under.store.modifiedAt(key), digest: await under.store.digestOf(key) }))));
      const before = await state();

      const attached = await engine.attach(job.id);
      expect(attached?.id).toBe(job.id);
      expect(await attached?.poll()).toEqual({ state: "succeeded" });
      expect(await attached?.wait()).toEqual(result);
      // Submitted again (a retry that lost the first answer), even with another output: the same job.
      const resubmitted = await engine.submit({ ...request, partitions: [await target(node, "2024-01-02", inputs)] });
      expect(resubmitted.id).toBe(job.id);
      expect(await resubmitted.wait()).toEqual(result);
      expect(await state()).toEqual(before);

      expect((await engine.submit({ ...request, attempt: 2 })).id).not.toBe(job.id);
      expect(await engine.attach("lakeform_no_such_job")).toBeUndefined();
    });
  });
}
