/**
 * Child process of `bench/postgres-extract.ts`: extracts the seeded `bench_orders` table (schema
 * from `LAKEFORM_BENCH_APP_URL`'s search_path) into the raw tier through `openRuntime` +
 * `executePlan` in the workspace `dir`, and prints one line of JSON: rows landed, rows extracted
 * this run, the extraction and the whole run's times, and peak memory (`VmHWM`).
 *
 * `node --import tsx bench/support/extract-postgres-large.ts <dir>`
 */
import { readFileSync } from "node:fs";
import { buildAssetGraph, col, env, postgres, source } from "lakeform";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";

const MiB = 2 ** 20;

function vmHwmMiB(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb === undefined ? Number.NaN : (Number(kb) * 1024) / MiB;
  } catch {
    return Number.NaN;
  }
}

export const benchOrders = source("raw/bench_orders", {
  owners: ["team:bench"],
  from: postgres({ connection: env("LAKEFORM_BENCH_APP_URL"), table: "bench_orders", cursor: "updated_at" }),
  columns: {
    id: col.int64(),
    customer_email: col.string().pii("email", "hash"),
    status: col.string(),
    amount: col.decimal(12, 2),
    updated_at: col.timestamp(),
  },
});

async function main(dir: string): Promise<Record<string, number | string>> {
  const graph = buildAssetGraph([benchOrders]);
  const runtime = await openRuntime(graph, workspaceOf({ environment: "bench", cwd: dir }), runtimeConfigFrom({ LAKEFORM_PII_KEY: "bench-pii-key-0123456789", ...process.env }));
  try {
    const before = (await runtime.state.sourceBatches(benchOrders.key)).length;
    const started = performance.now();
    const report = await executePlan(runtime, planMaterialization(graph, benchOrders.key, [benchOrders.key], { kind: "all" }, new Date()), silentReporter);
    const runMs = performance.now() - started;
    const result = report.results[0];
    const batches = await runtime.state.sourceBatches(benchOrders.key);
    const [latest] = await runtime.state.materialisationHistory(benchOrders.key, { limit: 1 });
    return {
      status: result?.status ?? "none",
      reason: result?.reason ?? "",
      rows: result?.rows ?? 0,
      extracted_rows: batches.slice(before).reduce((sum, b) => sum + b.rows, 0),
      run_ms: runMs,
      compute_ms: latest?.timings.compute ?? Number.NaN,
      vm_hwm_mib: vmHwmMiB(),
    };
  } finally {
    await runtime.close();
  }
}

const dir = process.argv[2];
if (dir === undefined) throw new Error("usage: extract-postgres-large.ts <workspace dir>");
console.log(JSON.stringify(await main(dir)));
