/**
 * Child process of `bench/memory.ts`: materialises the 10M-row orders asset (12 checks and the
 * profile) through `openRuntime` + `executePlan` in a throwaway workspace, and prints one line
 * of JSON: rows, times, and peak memory — `VmHWM` from /proc/self/status (the kernel's peak
 * resident set of this process) and the highest `rss` sampled every 50 ms.
 *
 * `node --import tsx bench/support/materialize-large.ts [rows]`; `LAKEFORM_DUCKDB_MEMORY` caps DuckDB.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAssetGraph } from "lakeform";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { ordersAsset } from "./orders-asset.ts";

const MiB = 2 ** 20;

/** A field of /proc/self/status in MiB (the kernel reports kB), or NaN where there is no /proc. */
function statusMiB(field: "VmHWM" | "VmRSS"): number {
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb === undefined ? Number.NaN : (Number(kb) * 1024) / MiB;
  } catch {
    return Number.NaN;
  }
}

async function main(rows: number): Promise<Record<string, number | string>> {
  let sampledPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 50);
  sampler.unref();
  const baselineMiB = statusMiB("VmRSS");
  const dir = mkdtempSync(join(tmpdir(), "lakeform-bench-memory-"));
  try {
    const orders = ordersAsset(rows);
    const graph = buildAssetGraph([orders]);
    const runtime = await openRuntime(graph, workspaceOf({ environment: "bench", cwd: dir }), runtimeConfigFrom(process.env));
    // Which phase the peak falls in: the engine's two calls are marked as they run.
    const peakByPhase = { compute: 0, audit: 0 };
    let phase: keyof typeof peakByPhase | undefined;
    const sampleInPhase = setInterval(() => {
      if (phase !== undefined) peakByPhase[phase] = Math.max(peakByPhase[phase], process.memoryUsage().rss);
    }, 50);
    sampleInPhase.unref();
    const inPhase = <T>(name: keyof typeof peakByPhase, work: () => Promise<T>): Promise<T> => {
      phase = name;
      return work().finally(() => (phase = undefined));
    };
    const engine = runtime.engine;
    const services = {
      ...runtime,
      engine: Object.assign(Object.create(engine) as typeof engine, {
        submit: async (request: Parameters<typeof engine.submit>[0]) => {
          const job = await inPhase("compute", () => engine.submit(request));
          return { ...job, id: job.id, asset: job.asset, estimate: job.estimate, poll: () => job.poll(), cancel: () => job.cancel(), wait: () => inPhase("compute", () => job.wait()) };
        },
        audit: (request: Parameters<typeof engine.audit>[0]) => inPhase("audit", () => engine.audit(request)),
      }),
    };
    try {
      const started = performance.now();
      const report = await executePlan(services, planMaterialization(graph, orders.key, graph.keys, { kind: "latest" }, new Date()), silentReporter);
      const executeMs = performance.now() - started;
      const [latest] = await runtime.state.materialisationHistory(orders.key, { limit: 1 });
      const result = report.results[0];
      return {
        status: result?.status ?? "missing",
        reason: result?.reason ?? "",
        rows: result?.rows ?? 0,
        checks_passed: report.totals.checksPassed,
        execute_ms: executeMs,
        compute_ms: latest?.timings.compute ?? Number.NaN,
        checks_ms: latest?.timings.checks ?? Number.NaN,
        parquet_mib: (latest?.bytes ?? 0) / MiB,
        memory_limit: process.env.LAKEFORM_DUCKDB_MEMORY ?? "1GB (default)",
        baseline_rss_mib: baselineMiB,
        sampled_peak_rss_mib: Math.max(sampledPeak, process.memoryUsage().rss) / MiB,
        vm_hwm_mib: statusMiB("VmHWM"),
        peak_rss_compute_mib: peakByPhase.compute / MiB,
        peak_rss_audit_mib: peakByPhase.audit / MiB,
      };
    } finally {
      clearInterval(sampleInPhase);
      await runtime.close();
    }
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = Number(process.argv[2] ?? 10_000_000);
console.log(JSON.stringify(await main(rows)));
