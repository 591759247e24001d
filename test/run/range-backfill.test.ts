import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, daily, fn, partitionEnd, partitionKey, partitionStart, ref, sql, type AssetDefinition, type AssetGraph } from "../../runtime/index.ts";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { DuckDBSession } from "../../runtime/engines/duckdb/duckdb-session.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import type { RunReport } from "../../runtime/run/run-report.ts";
import { localPathOf } from "../../runtime/storage/data-location.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";

// Europe/Paris: 2024-03-31 is a 23-hour day there, and the host runs in Asia/Tokyo under test.
const PARTITIONS = { start: "2024-03-28", timezone: "Europe/Paris" } as const;
const FROM = "2024-03-28";
const TO = "2024-04-10"; // the last day gets no rows: it is published empty

interface Shape {
  /** Declare `partitions.column` (a backfill then runs as a range). */
  readonly column: boolean;
  /** Filter the raw SQL on the window (without it, rows fall outside the range). */
  readonly filter?: boolean;
  /** A row id whose amount is negative (the clean asset's range check blocks its partition). */
  readonly negative?: number;
  /** A row id without event_at, kept by the filter. */
  readonly missing?: number;
}

/** raw/events (60 rows, one every 5 hours from 2024-03-28T00:00Z) → clean/events, both daily in Paris. */
function catalog(shape: Shape): AssetDefinition[] {
  const partitions = daily({ ...PARTITIONS, ...(shape.column ? { column: "event_at" } : {}) });
  const window = shape.filter === false ? sql`` : sql`where (event_at >= ${partitionStart} and event_at < ${partitionEnd}) or event_at is null`;
  const raw = asset("raw/events", {
    owners: ["team:test"],
    columns: { id: col.int64(), event_at: col.timestamp(), amount: col.double() },
    partitions,
    compute: sql`select * from (select i as id, case when i = ${shape.missing ?? -1} then null else timestamptz '2024-03-28 00:00:00+00' + to_hours(i * 5) end as event_at, case when i = ${shape.negative ?? -1} then -1.5 else i % 7 end as amount from range(0, 60) t(i)) ${window}`,
  });
  const clean = asset("clean/events", {
    owners: ["team:test"],
    columns: { id: col.int64(), event_at: col.timestamp(), amount: col.double(), day: col.date() },
    partitions,
    compute: sql`select id, event_at, amount, cast(timezone('Europe/Paris', event_at) as date) as day from ${ref(raw)} where event_at >= ${partitionStart} and event_at < ${partitionEnd}`,
    checks: (c) => [c.notNull(["id", "event_at"]), c.unique("id"), c.range("amount", { min: 0 })],
  });
  return [raw, clean];
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeform-range-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the backfill `from`..`to` of every asset in a workspace of its own; returns the report, each asset's published rows by partition, and its job ids. */
async function backfill(graph: AssetGraph, name: string, from = FROM, to = TO) {
  const runtime = await openRuntime(graph, workspaceOf({ environment: "test", cwd: join(dir, name) }), runtimeConfigFrom({}));
  const session = await DuckDBSession.open({ tempDirectory: join(dir, name, "read") });
  try {
    const plan = planMaterialization(graph, "*", graph.keys, { kind: "range", from, to }, new Date("2024-05-01T00:00:00Z"));
    const report: RunReport = await executePlan(runtime, plan, silentReporter);
    const published = new Map<string, Map<string, unknown[]>>();
    const jobs = new Map<string, Set<string>>();
    for (const key of graph.keys) {
      const byPartition = new Map<string, unknown[]>();
      for (const version of await runtime.state.publishedVersions(key)) {
        const files = version.files.map((f) => `'${localPathOf(runtime.store.locationOf(f)) ?? ""}'`);
        byPartition.set(version.partition, await session.all(`select * from read_parquet([${files.join(", ")}]) order by id`));
      }
      published.set(key, byPartition);
      const history = await runtime.state.materialisationHistory(key, { limit: 100 });
      jobs.set(key, new Set(history.map((m) => m.jobId ?? "")));
    }
    return { report, published, jobs, root: join(dir, name) };
  } finally {
    session.close();
    await runtime.close();
  }
}

const statuses = (report: RunReport, key: string) => Object.fromEntries(report.results.filter((r) => r.key === key).map((r) => [r.partition, r.status]));

async function parquetFilesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true }).catch(() => []);
  return entries.filter((e) => e.endsWith(".parquet"));
}

describe("a backfill of an SQL asset that names its partition column runs as one job per range", () => {
  it("publishes the same rows in every partition as the partition-by-partition run, empty partitions included", async () => {
    const ranged = await backfill(buildAssetGraph(catalog({ column: true })), "ranged");
    const single = await backfill(buildAssetGraph(catalog({ column: false })), "single");

    expect(ranged.report.totals).toMatchObject({ published: 28, failed: 0, blocked: 0, skipped: 0 });
    expect(single.report.totals).toMatchObject({ published: 28, failed: 0, blocked: 0, skipped: 0 });
    // One job wrote every partition of each asset; partition by partition, one job each.
    expect(ranged.jobs.get("raw/events")?.size).toBe(1);
    expect(ranged.jobs.get("clean/events")?.size).toBe(1);
    expect(single.jobs.get("clean/events")?.size).toBe(14);
    for (const key of ["raw/events", "clean/events"]) {
      expect(ranged.published.get(key)?.size).toBe(14);
      expect(ranged.published.get(key)).toEqual(single.published.get(key));
    }
    // The 23-hour day in Paris holds the rows of its local day, and the last day none.
    const clean = ranged.published.get("clean/events");
    expect(clean?.get("2024-03-31")?.map((r) => (r as { id: string }).id)).toEqual(["15", "16", "17", "18"]);
    expect(clean?.get("2024-04-10")).toEqual([]);
    const rows = ranged.report.results.filter((r) => r.key === "clean/events").map((r) => r.rows);
    expect(rows.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(60);
  });

  it("blocks only the partition whose check fails; the others of the range publish", async () => {
    // Row 30 is at 2024-04-03T06:00Z, 08:00 in Paris.
    const { report, published } = await backfill(buildAssetGraph(catalog({ column: true, negative: 30 })), "blocked");
    const clean = statuses(report, "clean/events");
    expect(clean["2024-04-03"]).toBe("blocked");
    expect(Object.values(clean).filter((s) => s === "published")).toHaveLength(13);
    expect(report.results.find((r) => r.key === "clean/events" && r.partition === "2024-04-03")?.reason).toBe("blocked by range_amount: 1 value of amount out of range of 5 rows");
    expect(published.get("clean/events")?.has("2024-04-03")).toBe(false);
    expect(published.get("raw/events")?.get("2024-04-03")).toHaveLength(5);
  });

  it("fails every partition when the SQL returns rows outside the range, naming the count and the fix, and keeps nothing", async () => {
    // Of the 60 rows, 5 fall on 2024-03-28 and 31 on 2024-04-03 or later (Paris): outside 2024-03-29 … 2024-04-02.
    const { report, published, root } = await backfill(buildAssetGraph(catalog({ column: true, filter: false })), "outside", "2024-03-29", "2024-04-02");
    const raw = report.results.filter((r) => r.key === "raw/events");
    expect(raw.map((r) => r.status)).toEqual(Array(5).fill("failed"));
    expect(published.get("raw/events")?.size).toBe(0);
    expect(raw[0]?.reason).toBe(
      'Asset "raw/events": 36 rows fall outside the range 2024-03-29 … 2024-04-02 on its partition column "event_at" (2024-03-28, 2024-04-03, 2024-04-04, …); nothing was written. Fix: filter its SQL on event_at >= ${partitionStart} and event_at < ${partitionEnd}.',
    );
    expect(raw[4]?.reason).toBe(raw[0]?.reason);
    expect(statuses(report, "clean/events")["2024-03-29"]).toBe("skipped");
    expect(await parquetFilesUnder(join(root, ".lakeform"))).toEqual([]);
  });

  it("fails every partition when rows have no value in the partition column", async () => {
    const { report, published, root } = await backfill(buildAssetGraph(catalog({ column: true, missing: 3 })), "nulls", "2024-03-29", "2024-04-02");
    const raw = report.results.filter((r) => r.key === "raw/events");
    expect(raw.map((r) => r.status)).toEqual(Array(5).fill("failed"));
    expect(raw[0]?.reason).toBe(
      'Asset "raw/events": 1 row has no value in its partition column "event_at"; nothing was written. Fix: filter its SQL on event_at >= ${partitionStart} and event_at < ${partitionEnd}, and leave out rows where event_at is null.',
    );
    expect(published.get("raw/events")?.size).toBe(0);
    expect(await parquetFilesUnder(join(root, ".lakeform"))).toEqual([]);
  });

  it("runs an asset without a partition column partition by partition, as before", async () => {
    const { report, jobs } = await backfill(buildAssetGraph(catalog({ column: false })), "plain");
    expect(report.totals.published).toBe(28);
    expect(jobs.get("raw/events")?.size).toBe(14);
  });
});

describe("the partition column of an asset is checked when the graph is built", () => {
  const base = { owners: ["team:test" as const], columns: { id: col.int64(), event_at: col.timestamp() } };
  const problem = (definition: AssetDefinition) => {
    try {
      buildAssetGraph([definition]);
      return "";
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };

  it("names a column that is not declared, one that is no date or timestamp, and a function asset", () => {
    expect(problem(asset("clean/a", { ...base, partitions: daily({ start: "2024-01-01", column: "nope" }), compute: sql`select 1 as id, now() as event_at` }))).toContain(
      'partition column "nope" is not declared. Fix: declare it among the columns, or leave out column (a backfill then runs partition by partition)',
    );
    expect(problem(asset("clean/b", { ...base, partitions: daily({ start: "2024-01-01", column: "id" }), compute: sql`select 1 as id, now() as event_at` }))).toContain('partition column "id" is int64. Fix: partition by a date or timestamp column');
    expect(problem(asset("clean/c", { ...base, partitions: daily({ start: "2024-01-01", column: "event_at" }), compute: fn({ inputs: {}, run: () => [] }) }))).toContain('partition column "event_at" is only for sources and SQL assets');
    expect(problem(asset("clean/d", { ...base, partitions: daily({ start: "2024-01-01", column: "event_at" }), compute: sql`select 1 as id, now() as event_at` }))).toBe("");
  });

  it("keeps an asset whose SQL uses ${partitionKey} partition by partition", async () => {
    const keyed = asset("clean/keyed", {
      ...base,
      partitions: daily({ start: "2024-03-28", column: "event_at" }),
      compute: sql`select 1 as id, cast(${partitionKey} as timestamptz) as event_at`,
    });
    const graph = buildAssetGraph([keyed]);
    const runtime = await openRuntime(graph, workspaceOf({ environment: "test", cwd: join(dir, "keyed") }), runtimeConfigFrom({}));
    try {
      const plan = planMaterialization(graph, "*", graph.keys, { kind: "range", from: "2024-03-28", to: "2024-03-30" }, new Date("2024-05-01T00:00:00Z"));
      const report = await executePlan(runtime, plan, silentReporter);
      expect(report.totals.published).toBe(3);
      const history = await runtime.state.materialisationHistory("clean/keyed", { limit: 10 });
      expect(new Set(history.map((m) => m.jobId)).size).toBe(3);
    } finally {
      await runtime.close();
    }
  });
});
