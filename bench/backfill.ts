import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { asset, buildAssetGraph, col, daily, partitionEnd, partitionStart, ref, sql, type AssetDefinition, type AssetGraph } from "lakeform";
import { runtimeConfigFrom } from "../runtime/config/runtime-config.ts";
import { DuckDBSession } from "../runtime/engines/duckdb/duckdb-session.ts";
import { executePlan } from "../runtime/run/execute-plan.ts";
import { planMaterialization } from "../runtime/run/materialization-plan.ts";
import { openRuntime } from "../runtime/run/open-runtime.ts";
import { silentReporter } from "../runtime/run/progress-reporter.ts";
import type { RunReport } from "../runtime/run/run-report.ts";
import { workspaceOf } from "../runtime/workspace/workspace.ts";
import type { Benchmark, BenchmarkFigures } from "./benchmark.ts";
import { renderTable, type Cell } from "./render-table.ts";
import { instrumented, type CallTimes } from "./support/instrument.ts";
import { measureSideBySide } from "./side-by-side.ts";

const ROWS = 3_000_000;
const DAYS = 180;
const FROM = "2024-01-01";
const TO = "2024-06-28"; // 180 days in 2024
const ROUNDS = 3;
const TARGET_RATIO = 3;
const ASSETS = 3;
const CARRIERS = ["AA", "DL", "UA", "WN", "B6", "AS", "NK", "F9", "HA", "G4"];

/**
 * Deterministic flights, one every `DAYS·86400/ROWS` seconds from 2024-01-01 UTC, as one
 * Parquet file per day (`landing/day=…/data_0.parquet`), like a daily export landing.
 */
async function generateLanding(session: DuckDBSession, folder: string): Promise<void> {
  const step = Math.round((DAYS * 86_400_000) / ROWS);
  await session.run(`COPY (
    select i as id,
      timestamptz '2024-01-01 00:00:00+00' + to_milliseconds(i * ${step}) as event_at,
      ['${CARRIERS.join("', '")}'][1 + cast(hash(i) % ${CARRIERS.length} as BIGINT)] as carrier,
      'A' || lpad(cast(hash(i * 7) % 60 as VARCHAR), 2, '0') as origin,
      cast(100 + cast(hash(i * 13) % 2900 as BIGINT) as INTEGER) as distance,
      case when hash(i * 17) % 20 = 0 then null else cast(cast(hash(i * 19) % 240 as BIGINT) as DOUBLE) - 30 end as delay_minutes,
      hash(i * 23) % 50 = 0 as cancelled,
      strftime(timezone('UTC', timestamptz '2024-01-01 00:00:00+00' + to_milliseconds(i * ${step})), '%Y-%m-%d') as day
    from range(${ROWS}) t(i)
  ) TO '${folder}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (day))`);
}

/**
 * raw → clean → curated, daily in UTC, with checks (2 + 4 + 3). raw is an SQL asset reading the
 * landed files, not a file-drop source: ranges are for SQL assets, and a file drop loads
 * partition by partition through the landing loader (which also counts every landed record
 * apart from DuckDB), which the plain statements would not do. `column` declares the partition
 * column (the backfill then runs as ranges); without it, partition by partition as before.
 */
function flights(landing: string, column: boolean): AssetDefinition[] {
  const partitions = (name: string) => daily({ start: FROM, ...(column ? { column: name } : {}) });
  const raw = asset("raw/flights", {
    owners: ["team:bench"],
    columns: { id: col.int64(), event_at: col.timestamp(), carrier: col.string(), origin: col.string(), distance: col.int32(), delay_minutes: col.double().nullable(), cancelled: col.boolean() },
    partitions: partitions("event_at"),
    compute: sql`select id, event_at, carrier, origin, distance, delay_minutes, cancelled from read_parquet(${landing}, hive_partitioning = false) where event_at >= ${partitionStart} and event_at < ${partitionEnd}`,
    checks: (c) => [c.notNull(["id", "event_at"]), c.rowCount({ min: 1 })],
  });
  const clean = asset("clean/flights", {
    owners: ["team:bench"],
    columns: { id: col.int64(), event_at: col.timestamp(), day: col.date(), carrier: col.string(), origin: col.string(), distance: col.int32(), delay_minutes: col.double(), late: col.boolean() },
    partitions: partitions("event_at"),
    compute: sql`select id, event_at, cast(event_at as date) as day, upper(carrier) as carrier, origin, distance, coalesce(delay_minutes, 0) as delay_minutes, coalesce(delay_minutes, 0) > 15 as late
      from ${ref(raw)} where not cancelled and event_at >= ${partitionStart} and event_at < ${partitionEnd}`,
    checks: (c) => [c.notNull(["id", "carrier", "origin"]), c.unique("id"), c.acceptedValues("carrier", CARRIERS), c.range("distance", { min: 0, max: 5000 })],
  });
  const curated = asset("curated/routes_daily", {
    owners: ["team:bench"],
    columns: { day: col.date(), carrier: col.string(), origin: col.string(), flights: col.int64(), avg_delay: col.double(), late_flights: col.int64() },
    partitions: partitions("day"),
    compute: sql`select day, carrier, origin, count(*) as flights, avg(delay_minutes) as avg_delay, count(*) filter (where late) as late_flights
      from ${ref(clean)} where day >= ${partitionStart} and day < ${partitionEnd} group by day, carrier, origin`,
    checks: (c) => [c.notNull(["day", "carrier", "origin"]), c.unique(["day", "carrier", "origin"]), c.range("flights", { min: 1 })],
  });
  return [raw, clean, curated];
}

/** The same three transforms as plain DuckDB statements, each writing Hive-partitioned Parquet (`dt=…`). */
function plainStatements(landing: string, out: string): string[] {
  const into = (name: string) => `TO '${join(out, name)}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt))`;
  const read = (name: string) => `read_parquet('${join(out, name)}/*/*.parquet', hive_partitioning = false)`;
  return [
    "SET partitioned_write_max_open_files = 1000",
    `COPY (select id, event_at, carrier, origin, distance, delay_minutes, cancelled, strftime(timezone('UTC', event_at), '%Y-%m-%d') as dt
      from read_parquet('${landing}', hive_partitioning = false) where event_at >= timestamptz '${FROM} 00:00:00+00' and event_at < timestamptz '2024-06-29 00:00:00+00') ${into("raw")}`,
    `COPY (select id, event_at, cast(timezone('UTC', event_at) as date) as day, upper(carrier) as carrier, origin, distance, coalesce(delay_minutes, 0) as delay_minutes, coalesce(delay_minutes, 0) > 15 as late,
      strftime(timezone('UTC', event_at), '%Y-%m-%d') as dt from ${read("raw")} where not cancelled) ${into("clean")}`,
    `COPY (select day, carrier, origin, count(*) as flights, avg(delay_minutes) as avg_delay, count(*) filter (where late) as late_flights, strftime(day, '%Y-%m-%d') as dt
      from ${read("clean")} group by day, carrier, origin) ${into("curated")}`,
  ];
}

/** What one backfill through Lakeform measured: its report, and every engine, state and store call timed. */
interface LakeformRun {
  readonly report: RunReport;
  readonly calls: CallTimes;
}

/** One backfill of the three assets, every partition, through the run path in a fresh workspace. */
async function runLakeform(graph: AssetGraph, dir: string): Promise<LakeformRun> {
  const root = await mkdtemp(join(dir, "lakeform-"));
  try {
    const runtime = await openRuntime(graph, workspaceOf({ environment: "bench", cwd: root }), runtimeConfigFrom(process.env));
    try {
      const plan = planMaterialization(graph, "*", graph.keys, { kind: "range", from: FROM, to: TO }, new Date("2024-07-01T00:00:00Z"));
      // Timing every call costs about a microsecond per call: negligible here.
      const { services, calls } = instrumented(runtime);
      const report = await executePlan(services, plan, silentReporter);
      if (report.totals.published !== DAYS * ASSETS) throw new Error(`The backfill should publish ${DAYS * ASSETS} partitions; it published ${report.totals.published} (${report.results.find((r) => r.status !== "published")?.reason ?? ""}).`);
      return { report, calls };
    } finally {
      await runtime.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The plain statements in a fresh folder, on a session with the engine's settings; returns the curated rows written. */
async function runPlain(landing: string, dir: string): Promise<number> {
  const out = await mkdtemp(join(dir, "plain-"));
  const session = await DuckDBSession.open({ tempDirectory: join(out, "spill") });
  try {
    for (const statement of plainStatements(landing, out)) await session.run(statement);
    return Number((await session.all(`select count(*) as n from read_parquet('${join(out, "curated")}/*/*.parquet')`))[0]?.n ?? 0);
  } finally {
    session.close();
    await rm(out, { recursive: true, force: true });
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const curatedRows = (report: RunReport) => report.results.filter((r) => r.key === "curated/routes_daily").reduce((n, r) => n + (r.rows ?? 0), 0);
const checksRun = (report: RunReport) => report.results.reduce((n, r) => n + r.checks.length, 0);

/** A 180-day backfill of raw → clean → curated with checks, through Lakeform (as ranges, and partition by partition) against plain DuckDB statements. */
export const backfill: Benchmark = {
  name: "backfill",
  description: `${ROWS / 1e6}M generated flights over ${DAYS} daily partitions, raw → clean → curated with checks: Lakeform (ranges, and partition by partition) vs the same transforms as plain DuckDB statements`,
  async run(): Promise<BenchmarkFigures> {
    const dir = await mkdtemp(join(tmpdir(), "lakeform-bench-backfill-"));
    try {
      const landingDir = join(dir, "landing");
      const generator = await DuckDBSession.open({ tempDirectory: join(dir, "spill") });
      try {
        await generateLanding(generator, landingDir);
      } finally {
        generator.close();
      }
      const landing = join(landingDir, "*", "*.parquet");
      const ranged = buildAssetGraph(flights(landing, true));
      const single = buildAssetGraph(flights(landing, false));
      const loadBefore = loadavg()[0] ?? Number.NaN;

      const runs: LakeformRun[] = [];
      let plainCurated = 0;
      const timings = await measureSideBySide(
        {
          ranges: async () => runs.push(await runLakeform(ranged, dir)),
          plain: async () => (plainCurated = await runPlain(landing, dir)),
        },
        { rounds: ROUNDS },
      );
      // Before: partition by partition (no partition column), once — it is the slow one.
      const before = performance.now();
      const cpuBefore = process.cpuUsage();
      const unranged = await runLakeform(single, dir);
      const perPartition = unranged.report;
      const perPartitionMs = performance.now() - before;
      const cpuUsed = process.cpuUsage(cpuBefore);
      const perPartitionCpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
      const loadAfter = loadavg()[0] ?? Number.NaN;

      const report = runs.at(-1)?.report;
      if (report === undefined || curatedRows(report) !== plainCurated || curatedRows(perPartition) !== plainCurated) {
        throw new Error(`The runs disagree: curated rows ${report === undefined ? "none" : curatedRows(report)} (ranges), ${curatedRows(perPartition)} (per partition), ${plainCurated} (plain).`);
      }
      const partitions = DAYS * ASSETS;
      const rangesMs = timings.ranges.medianMs;
      const plainMs = timings.plain.medianMs;
      const ratio = rangesMs / plainMs;
      const perAsset = (r: RunReport, key: string) => r.results.filter((x) => x.key === key).reduce((n, x) => n + x.durationMs, 0);
      console.log(
        renderTable(
          [`measure (median of ${ROUNDS} rounds side by side; per partition: 1 run)`, "total ms", "× plain", "per partition ms"],
          [
            ["plain DuckDB: 3 COPY … PARTITION_BY statements", plainMs, 1, plainMs / partitions],
            ["lakeform, ranges: executePlan (write-audit-publish)", rangesMs, ratio, rangesMs / partitions],
            ["lakeform, partition by partition (before)", perPartitionMs, perPartitionMs / plainMs, perPartitionMs / partitions],
            ["fixed cost per partition, ranges (− plain)", rangesMs - plainMs, Number.NaN, (rangesMs - plainMs) / partitions],
            ["fixed cost per partition, partition by partition (− plain)", perPartitionMs - plainMs, Number.NaN, (perPartitionMs - plainMs) / partitions],
            ["CPU time, plain (this process, DuckDB's threads included)", timings.plain.cpuMedianMs, 1, timings.plain.cpuMedianMs / partitions],
            ["CPU time, ranges", timings.ranges.cpuMedianMs, timings.ranges.cpuMedianMs / timings.plain.cpuMedianMs, timings.ranges.cpuMedianMs / partitions],
            ["CPU time, partition by partition", perPartitionCpuMs, perPartitionCpuMs / timings.plain.cpuMedianMs, perPartitionCpuMs / partitions],
          ],
          2,
        ),
      );
      console.log("");
      console.log(
        renderTable(
          ["asset (sum of its partitions' durations, ms)", "ranges", "partition by partition"],
          ranged.keys.map((key) => [key, perAsset(report, key), perAsset(perPartition, key)]),
          0,
        ),
      );
      console.log("");
      const ms = (calls: CallTimes | undefined, name: string) => sum(calls?.get(name) ?? []);
      const names = [...new Set([...(runs.at(-1)?.calls.keys() ?? []), ...unranged.calls.keys()])].sort((a, b) => ms(runs.at(-1)?.calls, b) - ms(runs.at(-1)?.calls, a));
      console.log(
        renderTable(
          ["call (engine, state store, object store; one run each)", "ranges: calls", "ranges: total ms", "per partition: calls", "per partition: total ms"],
          names.map((name): Cell[] => [name, runs.at(-1)?.calls.get(name)?.length ?? 0, ms(runs.at(-1)?.calls, name), unranged.calls.get(name)?.length ?? 0, ms(unranged.calls, name)]),
          0,
        ),
      );
      const met = ratio <= TARGET_RATIO;
      console.log(`load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} CPUs; ${partitions} partitions, ${checksRun(report)} check results per run, ${plainCurated} curated rows`);
      console.log(`backfill with checks: ${ratio.toFixed(2)}× the plain DuckDB statements in wall time (partition by partition: ${(perPartitionMs / plainMs).toFixed(2)}×), ${(timings.ranges.cpuMedianMs / timings.plain.cpuMedianMs).toFixed(2)}× in CPU time; target ≤ ${TARGET_RATIO}× (wall): ${met ? "met" : "MISSED"}`);
      return {
        rows: ROWS,
        partitions,
        checks_per_run: checksRun(report),
        plain_median_ms: plainMs,
        ranges_median_ms: rangesMs,
        per_partition_ms: perPartitionMs,
        ranges_ratio: ratio,
        per_partition_ratio: perPartitionMs / plainMs,
        ranges_fixed_cost_per_partition_ms: (rangesMs - plainMs) / partitions,
        per_partition_fixed_cost_per_partition_ms: (perPartitionMs - plainMs) / partitions,
        ranges_cpu_median_ms: timings.ranges.cpuMedianMs,
        plain_cpu_median_ms: timings.plain.cpuMedianMs,
        per_partition_cpu_ms: perPartitionCpuMs,
        ranges_cpu_ratio: timings.ranges.cpuMedianMs / timings.plain.cpuMedianMs,
        target_ratio: TARGET_RATIO,
        target: met ? "met" : "missed",
        load_average_before: loadBefore,
        load_average_after: loadAfter,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
