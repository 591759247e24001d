import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { runtimeConfigFrom } from "../runtime/config/runtime-config.ts";
import { asset, buildAssetGraph, col, ref, sql, type AssetDefinition, type AssetGraph } from "lakeform";
import { DuckDBSession } from "../runtime/engines/duckdb/duckdb-session.ts";
import { executePlan } from "../runtime/run/execute-plan.ts";
import { planMaterialization } from "../runtime/run/materialization-plan.ts";
import { openRuntime } from "../runtime/run/open-runtime.ts";
import { silentReporter } from "../runtime/run/progress-reporter.ts";
import { workspaceOf } from "../runtime/workspace/workspace.ts";
import type { Benchmark, BenchmarkFigures } from "./benchmark.ts";
import { renderTable, type Cell } from "./render-table.ts";
import { median } from "./side-by-side.ts";
import { bareChainSql, type BareChainShape, type BareStatementKind } from "./support/bare-chain-sql.ts";
import { instrumented, type CallTimes } from "./support/instrument.ts";

const ASSETS = 500;
const ROUNDS = 3;
const TARGET_MS = 10;

/** `clean/a000` = `select 1 as id`; each next asset selects from the one before, with one check. */
function chainOf(length: number): AssetDefinition[] {
  const chain: AssetDefinition[] = [];
  for (let i = 0; i < length; i++) {
    const previous = chain[i - 1];
    chain.push(
      asset(`clean/a${String(i).padStart(3, "0")}`, {
        owners: ["team:bench"],
        columns: { id: col.int32() },
        compute: previous === undefined ? sql`select 1 as id` : sql`select id from ${ref(previous)}`,
        checks: (c) => [c.notNull("id")],
      }),
    );
  }
  return chain;
}

/** What one run of the chain measured. */
interface ChainRun {
  readonly openMs: number;
  readonly executeMs: number;
  readonly published: number;
  /** Per asset, from the state store: `timings.compute`, `.checks`, `.total` of materializePartition. */
  readonly compute: readonly number[];
  readonly checks: readonly number[];
  readonly total: readonly number[];
  /** Per engine, state and store method. */
  readonly calls: CallTimes;
}

async function runChain(graph: AssetGraph): Promise<ChainRun> {
  const dir = await mkdtemp(join(tmpdir(), "lakeform-bench-overhead-"));
  try {
    const opened = performance.now();
    const runtime = await openRuntime(graph, workspaceOf({ environment: "bench", cwd: dir }), runtimeConfigFrom(process.env));
    const openMs = performance.now() - opened;
    try {
      const plan = planMaterialization(graph, "*", graph.keys, { kind: "latest" }, new Date());
      // Timing every call costs about a microsecond per call, ten calls per asset: negligible here.
      const { services, calls } = instrumented(runtime);
      const started = performance.now();
      const report = await executePlan(services, plan, silentReporter);
      const executeMs = performance.now() - started;
      const compute: number[] = [];
      const checks: number[] = [];
      const total: number[] = [];
      for (const key of graph.keys) {
        const [latest] = await runtime.state.materialisationHistory(key, { limit: 1 });
        compute.push(latest?.timings.compute ?? Number.NaN);
        checks.push(latest?.timings.checks ?? Number.NaN);
        total.push(latest?.timings.total ?? Number.NaN);
      }
      return { openMs, executeMs, published: report.totals.published, compute, checks, total, calls };
    } finally {
      await runtime.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What one run of the chain's bare SQL measured: the total and the time per kind of statement. */
interface BareRun {
  readonly ms: number;
  readonly byKind: ReadonlyMap<BareStatementKind, number>;
}

/** Runs the chain's SQL straight through one DuckDB session with the engine's settings. */
async function runBare(graph: AssetGraph, shape: BareChainShape): Promise<BareRun> {
  const dir = await mkdtemp(join(tmpdir(), "lakeform-bench-bare-"));
  const session = await DuckDBSession.open({ tempDirectory: join(dir, "spill") });
  try {
    const steps = bareChainSql(graph, dir, shape);
    const byKind = new Map<BareStatementKind, number>();
    const started = performance.now();
    const note = (kind: BareStatementKind, at: number) => byKind.set(kind, (byKind.get(kind) ?? 0) + performance.now() - at);
    for (const step of steps) {
      let bound: Promise<unknown> = Promise.resolve();
      for (const statement of step.statements) {
        const at = performance.now();
        // As the engine issues them: the binding beside the COPY (awaited after it), the COPY through `run`, the scan through `all`.
        if (statement.kind === "bind") {
          bound = session.columnNamesOf(statement.sql).then(() => note("bind", at));
          continue;
        }
        await (statement.kind === "copy" ? session.run(statement.sql) : session.all(statement.sql));
        note(statement.kind, at);
        if (statement.kind === "copy") await bound;
      }
    }
    return { ms: performance.now() - started, byKind };
  } finally {
    session.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** A 500-asset chain of trivial SQL assets: what Lakeform adds per asset beyond the SQL itself. */
export const runOverhead: Benchmark = {
  name: "run-overhead",
  description: `a ${ASSETS}-asset chain of trivial SQL assets (one check each): per-asset overhead beyond the SQL itself`,
  async run(): Promise<BenchmarkFigures> {
    const graph = buildAssetGraph(chainOf(ASSETS));
    const loadBefore = loadavg()[0] ?? Number.NaN;

    // A warm-up round, then rounds side by side; the order rotates so noise hits all alike.
    const kinds = ["lakeform", "copy", "copy-and-check", "as-lakeform"] as const;
    const runs: ChainRun[] = [];
    const bare = new Map<BareChainShape, BareRun[]>([["copy", []], ["copy-and-check", []], ["as-lakeform", []]]);
    for (let round = 0; round <= ROUNDS; round++) {
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[(i + round) % kinds.length] ?? "lakeform";
        if (kind === "lakeform") {
          const run = await runChain(graph);
          if (round > 0) runs.push(run);
        } else {
          const run = await runBare(graph, kind);
          if (round > 0) bare.get(kind)?.push(run);
        }
      }
    }
    const published = runs[0]?.published ?? 0;
    if (published !== ASSETS) throw new Error(`The chain should publish all ${ASSETS} assets; it published ${published}.`);

    const executeMs = median(runs.map((r) => r.executeMs));
    const bareMs = (shape: BareChainShape) => median((bare.get(shape) ?? []).map((r) => r.ms));
    const statementMs = (kind: BareStatementKind) => median((bare.get("as-lakeform") ?? []).map((r) => r.byKind.get(kind) ?? 0)) / ASSETS;
    const copyMs = bareMs("copy");
    const overheadMs = (executeMs - copyMs) / ASSETS;
    const beyondCheckMs = (executeMs - bareMs("copy-and-check")) / ASSETS;
    const beyondAllSqlMs = (executeMs - bareMs("as-lakeform")) / ASSETS;
    const perAsset = (pick: (r: ChainRun) => readonly number[]) => median(runs.flatMap(pick));
    const insideMs = median(runs.map((r) => sum(r.total)));
    const outsideMs = executeMs - insideMs;

    console.log(
      renderTable(
        [`measure (median of ${ROUNDS} rounds, side by side)`, "total ms", "per asset ms"],
        [
          ["lakeform: executePlan (write-audit-publish, state)", executeMs, executeMs / ASSETS],
          ["bare SQL: the chain's 500 COPY statements", copyMs, copyMs / ASSETS],
          ["bare SQL: COPY + the check's fused scan", bareMs("copy-and-check"), bareMs("copy-and-check") / ASSETS],
          ["bare SQL: all lakeform issues (+ binding beside the COPY)", bareMs("as-lakeform"), bareMs("as-lakeform") / ASSETS],
          [`overhead beyond the COPY (target < ${TARGET_MS} ms/asset)`, executeMs - copyMs, overheadMs],
          ["overhead beyond COPY + check scan", executeMs - bareMs("copy-and-check"), beyondCheckMs],
          ["overhead beyond all SQL lakeform issues", executeMs - bareMs("as-lakeform"), beyondAllSqlMs],
          ["openRuntime (once per run, not in the above)", median(runs.map((r) => r.openMs)), Number.NaN],
        ],
        2,
      ),
    );
    console.log("");
    console.log(
      renderTable(
        ["phase (state store timings, per asset)", "median ms", "sum ms (median run)"],
        [
          ["materializePartition: compute", perAsset((r) => r.compute), median(runs.map((r) => sum(r.compute)))],
          ["materializePartition: checks", perAsset((r) => r.checks), median(runs.map((r) => sum(r.checks)))],
          ["materializePartition: total", perAsset((r) => r.total), insideMs],
          ["outside materializePartition (publish, run records)", outsideMs / ASSETS, outsideMs],
        ],
        2,
      ),
    );

    // Every engine, state-store and object-store call of the measured runs, pooled.
    const calls = new Map<string, number[]>();
    for (const run of runs) for (const [name, samples] of run.calls) calls.set(name, [...(calls.get(name) ?? []), ...samples]);
    const assetRuns = ASSETS * runs.length;
    const callMs = (name: string) => sum(calls.get(name) ?? []) / assetRuns;
    const stateMs = sum([...calls.entries()].filter(([name]) => name.startsWith("state.")).map(([, samples]) => sum(samples))) / assetRuns;
    const accountedMs = sum([...calls.values()].map((samples) => sum(samples))) / assetRuns;
    const meanPerAsset = sum(runs.map((r) => r.executeMs)) / assetRuns;
    console.log("");
    console.log(`every engine, state-store and object-store call of the ${runs.length} runs, timed (mean ${meanPerAsset.toFixed(2)} ms per asset)`);
    console.log(
      renderTable(
        ["call", "calls per run", "median ms", "ms per asset"],
        [...calls.entries()].sort((a, b) => sum(b[1]) - sum(a[1])).map(([name, samples]): Cell[] => [name, samples.length / runs.length, median(samples), sum(samples) / assetRuns]),
        2,
      ),
    );
    console.log("");
    const rows: Cell[][] = [
      ["COPY: the asset's SQL (bare)", statementMs("copy"), "the SQL itself"],
      ["column names bound beside the COPY (bare; overlaps it, not added)", statementMs("bind"), "materialize-sql.ts: drift check"],
      ["rest of engine.submit + job.wait (render, JS)", callMs("engine.submit") + callMs("job.wait") - statementMs("copy"), "call timed − bare COPY"],
      ["audit fused scan: 1 check + profile (bare)", statementMs("scan"), "audit-staged.ts: the scan"],
      ["rest of engine.audit (JS)", callMs("engine.audit") - statementMs("scan"), "call timed − bare statements"],
      ["store.commit (fsync of the file, then of its folder; overlaps the audit)", callMs("store.commit"), "local-object-store.ts"],
      ["store.writePathOf (mkdirs, starts flushing the folders above; overlaps start + inputs)", callMs("store.writePathOf"), "local-object-store.ts"],
      ["state store (SQLite: start, results, profile, publish)", stateMs, "all state.* calls"],
      ["JS between the calls (plan loop, inputs, records)", meanPerAsset - accountedMs, "run total − calls"],
    ];
    console.log(renderTable(["where an asset's time goes (calls timed + bare statements)", "ms per asset", "source"], [...rows, ["total (mean of the runs)", meanPerAsset, ""]], 2));
    const met = overheadMs < TARGET_MS;
    const loadAfter = loadavg()[0] ?? Number.NaN;
    console.log(`load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} CPUs`);
    console.log(`overhead per asset beyond the COPY: ${overheadMs.toFixed(2)} ms, target < ${TARGET_MS} ms: ${met ? "met" : "MISSED"} (beyond COPY + check scan ${beyondCheckMs.toFixed(2)} ms; beyond all SQL issued ${beyondAllSqlMs.toFixed(2)} ms)`);

    const figures: Record<string, number | string> = {
      assets: ASSETS,
      execute_median_ms: executeMs,
      bare_copy_median_ms: copyMs,
      bare_copy_and_check_median_ms: bareMs("copy-and-check"),
      bare_as_lakeform_median_ms: bareMs("as-lakeform"),
      overhead_per_asset_ms: overheadMs,
      overhead_beyond_check_per_asset_ms: beyondCheckMs,
      overhead_beyond_all_sql_per_asset_ms: beyondAllSqlMs,
      target_ms: TARGET_MS,
      target: met ? "met" : "missed",
      open_runtime_median_ms: median(runs.map((r) => r.openMs)),
      compute_median_ms: perAsset((r) => r.compute),
      checks_median_ms: perAsset((r) => r.checks),
      total_median_ms: perAsset((r) => r.total),
      outside_per_asset_ms: outsideMs / ASSETS,
      load_average_before: loadBefore,
      load_average_after: loadAfter,
    };
    for (const kind of ["bind", "copy", "scan"] as const) figures[`statement_${kind}_per_asset_ms`] = statementMs(kind);
    for (const [name, samples] of calls) figures[`call_${name.replace(/\W+/g, "_")}_per_asset_ms`] = sum(samples) / assetRuns;
    return figures;
  },
};
