import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asset, buildAssetGraph, col, cron, daily, eager, maxLag, ref, sql, cronDeadline, type AssetDefinition } from "lakeform";
import { sinkRoutes } from "../runtime/alerts/alert-routes.ts";
import { runtimeConfigFrom } from "../runtime/config/runtime-config.ts";
import { openRuntime } from "../runtime/run/open-runtime.ts";
import { silentReporter } from "../runtime/run/progress-reporter.ts";
import { decideLaunches, DEFAULT_TICK_LIMITS } from "../runtime/scheduler/decide-launches.ts";
import { loadTickInput } from "../runtime/scheduler/load-tick-input.ts";
import { tick } from "../runtime/scheduler/tick.ts";
import { applyMigrations } from "../runtime/state/sqlite/migrations.ts";
import { workspaceOf } from "../runtime/workspace/workspace.ts";
import type { Benchmark, BenchmarkFigures } from "./benchmark.ts";
import { renderTable } from "./render-table.ts";
import { seedPostgresState, seedSqliteState } from "./support/seed-scheduler-state.ts";
import pg from "pg";

const ASSETS = 10_000;
const DAYS = 365;
const RUNS = 1_000_000;
const DAY = 86_400_000;

export const keyOf = (i: number) => `clean/a${String(i).padStart(5, "0")}`;

/** 10,000 daily assets: a third hourly cron, a third a nightly cron with a deadline, a third eager on the asset before. */
export function declare(start: string): AssetDefinition[] {
  const defs: AssetDefinition[] = [];
  for (let i = 0; i < ASSETS; i++) {
    const common = { owners: ["team:data" as const], columns: { id: col.int64() }, partitions: daily({ start }) };
    const kind = i % 3;
    const parent = defs[i - 1];
    defs.push(
      kind === 2 && parent !== undefined
        ? asset(keyOf(i), { ...common, compute: sql`select id from ${ref(parent)}`, schedule: eager(), freshness: maxLag({ warnAfter: "26h", failAfter: "50h" }) })
        : kind === 0
          ? asset(keyOf(i), { ...common, compute: sql`select ${i} as id`, schedule: cron("0 * * * *"), freshness: maxLag({ warnAfter: "2h", failAfter: "26h" }) })
          : asset(keyOf(i), { ...common, compute: sql`select ${i} as id`, schedule: cron("0 2 * * *", { timezone: "Europe/Berlin" }), freshness: cronDeadline({ cron: "0 8 * * *", window: "6h", timezone: "Europe/Berlin" }) }),
    );
  }
  return defs;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Ticks with nothing due, and load + decide with 3,334 crons due, on an opened runtime. */
async function measureTicks(runtime: Awaited<ReturnType<typeof openRuntime>>, graph: ReturnType<typeof buildAssetGraph>, today: number, clock: { now: Date }) {
  await runtime.state.advanceSchedulerCursor(new Date(clock.now.getTime() - 60_000));
  const routes = sinkRoutes({});
  const steady: number[] = [];
  let launched = 0;
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const report = await tick(runtime, { now: clock.now, routes, reporter: silentReporter });
    if (i > 0) steady.push(performance.now() - t);
    launched += report.decisions.filter((d) => d.action === "launch").length;
    clock.now = new Date(clock.now.getTime() + 60_000);
  }
  const dueAt = new Date(today + 11 * 3_600_000 + 30_000);
  const decide: number[] = [];
  let due = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const input = await loadTickInput(graph, runtime.state, dueAt, new Date(dueAt.getTime() - 60_000), DEFAULT_TICK_LIMITS);
    due = decideLaunches(input).length;
    decide.push(performance.now() - t);
  }
  return { steady, launched, decide, due };
}

/** The same measurement on PostgreSQL (a fresh schema, dropped afterwards), when LAKEFORM_TEST_POSTGRES_URL is set. */
async function measurePostgres(graph: ReturnType<typeof buildAssetGraph>, workspace: ReturnType<typeof workspaceOf>, today: number) {
  const url = process.env.LAKEFORM_TEST_POSTGRES_URL;
  if (url === undefined) return undefined;
  const schema = `tick_bench_${process.pid}`;
  const clock = { now: new Date(today + 10 * 3_600_000 + 30 * 60_000) };
  const env = { ...process.env, LAKEFORM_STATE_URL: url, LAKEFORM_STATE_SCHEMA: schema };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await (await openRuntime(graph, workspace, runtimeConfigFrom(env))).close();
    await client.query(`SET search_path = ${schema}`);
    await seedPostgresState(client, { assets: ASSETS, days: DAYS, runs: RUNS, lastDayEnd: today, keyOf });
    const runtime = await openRuntime(graph, workspace, runtimeConfigFrom(env), () => clock.now);
    try {
      return await measureTicks(runtime, graph, today, clock);
    } finally {
      await runtime.close();
    }
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

/** A scheduler tick over 10,000 assets × 365 daily partitions with 1,000,000 runs of history, on SQLite. */
export const schedulerTick: Benchmark = {
  name: "scheduler-tick",
  description: `lakeform tick over ${ASSETS.toLocaleString("en")} assets × ${DAYS} daily partitions with ${RUNS.toLocaleString("en")} historical runs (SQLite, and PostgreSQL when LAKEFORM_TEST_POSTGRES_URL is set)`,
  async run(): Promise<BenchmarkFigures> {
    const root = mkdtempSync(join(tmpdir(), "lakeform-tick-bench-"));
    try {
      const today = Date.UTC(2025, 5, 1);
      const start = new Date(today - DAYS * DAY).toISOString().slice(0, 10);
      const graph = buildAssetGraph(declare(start));
      const workspace = workspaceOf({ environment: "bench", cwd: root });
      let t = performance.now();
      const runtimeForSchema = await openRuntime(graph, workspace, runtimeConfigFrom(process.env));
      await runtimeForSchema.close();
      const db = new Database(workspace.statePath);
      applyMigrations(db);
      seedSqliteState(db, { assets: ASSETS, days: DAYS, runs: RUNS, lastDayEnd: today, keyOf });
      const rows = (db.prepare("SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM materialisations) AS materialisations").get() as { runs: number; materialisations: number });
      db.close();
      const seedMs = performance.now() - t;

      const clock = { now: new Date(today + 10 * 3_600_000 + 30 * 60_000) };
      const runtime = await openRuntime(graph, workspace, runtimeConfigFrom({ ...process.env, LAKEFORM_STATE_URL: "" }), () => clock.now);
      const { steady, launched, decide, due } = await measureTicks(runtime, graph, today, clock);
      await runtime.close();
      const postgres = await measurePostgres(graph, workspace, today);
      console.log(`seeded ${rows.runs.toLocaleString("en")} runs and ${rows.materialisations.toLocaleString("en")} published partitions in ${(seedMs / 1000).toFixed(1)} s`);
      console.log(
        renderTable(
          ["operation", "median ms", "min ms", "launches"],
          [
            ["tick, nothing due (load, decide, freshness alerts, cursor)", median(steady), Math.min(...steady), launched],
            ["load + decide, 3,334 hourly crons due", median(decide), Math.min(...decide), due],
            ...(postgres === undefined
              ? []
              : [
                  ["PostgreSQL: tick, nothing due", median(postgres.steady), Math.min(...postgres.steady), postgres.launched],
                  ["PostgreSQL: load + decide, 3,334 due", median(postgres.decide), Math.min(...postgres.decide), postgres.due],
                ]),
          ],
        ),
      );
      const tickMs = median(steady);
      const pgMs = postgres === undefined ? undefined : median(postgres.steady);
      console.log(`tick on SQLite: ${tickMs.toFixed(0)} ms median, target < 1000 ms: ${tickMs < 1000 ? "met" : "MISSED"}`);
      console.log(pgMs === undefined ? "tick on PostgreSQL: not measured (set LAKEFORM_TEST_POSTGRES_URL)" : `tick on PostgreSQL: ${pgMs.toFixed(0)} ms median, target < 1000 ms: ${pgMs < 1000 ? "met" : "MISSED"}`);
      return {
        postgres_tick_median_ms: pgMs ?? "not measured", assets: ASSETS, days: DAYS, runs: rows.runs, materialisations: rows.materialisations, seed_ms: seedMs, tick_median_ms: tickMs, tick_min_ms: Math.min(...steady), decide_due_median_ms: median(decide), due_launches: due, target: tickMs < 1000 ? "met" : "missed" };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
