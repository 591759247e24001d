import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Benchmark, BenchmarkFigures } from "./benchmark.ts";
import { renderTable, type Cell } from "./render-table.ts";

const ROWS = 10_000_000;
const MEMORY_LIMIT = "512MB";
/** 1 GB as DuckDB counts it (10^9 bytes), in MiB. */
const TARGET_MIB = 1e9 / 2 ** 20;
/** The child is killed beyond this; a run that slow is a result in itself. */
const TIMEOUT_MS = 10 * 60_000;
const GNU_TIME = "/usr/bin/time";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const CHILD = fileURLToPath(new URL("./support/materialize-large.ts", import.meta.url));

interface ChildOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
}

/** Runs `command` with a deadline, collecting its output. */
function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr, wallMs: performance.now() - started });
    });
  });
}

/** GNU time's "Maximum resident set size (kbytes)", in MiB. */
function gnuTimeMaxRssMiB(stderr: string): number {
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
  return kb === undefined ? Number.NaN : (Number(kb) * 1024) / 2 ** 20;
}

/** What one child materialisation measured. */
interface ChildFigures {
  readonly wallMs: number;
  readonly gnuTimeMaxRssMiB: number;
  readonly figures: Readonly<Record<string, number | string>>;
}

/** Materialises the asset in a child process, under `/usr/bin/time -v` when there is one. */
async function materializeInChild(memoryLimit: string | undefined): Promise<ChildFigures> {
  const node = [process.execPath, "--import", "tsx", CHILD, String(ROWS)];
  const withTime = existsSync(GNU_TIME);
  const [command, ...args] = withTime ? [GNU_TIME, "-v", ...node] : node;
  const env = { ...process.env };
  if (memoryLimit === undefined) delete env.LAKEFORM_DUCKDB_MEMORY;
  else env.LAKEFORM_DUCKDB_MEMORY = memoryLimit;
  const outcome = await runChild(command ?? process.execPath, args, env);
  const line = outcome.stdout.trim().split("\n").pop() ?? "";
  if (outcome.code !== 0 || !line.startsWith("{")) {
    throw new Error(`The child materialisation failed (exit ${outcome.code}):\n${outcome.stderr.slice(-2000)}\n${outcome.stdout.slice(-2000)}`);
  }
  const figures = JSON.parse(line) as Record<string, number | string>;
  if (figures.status !== "published") throw new Error(`The ${ROWS.toLocaleString("en")}-row asset should publish; it was ${figures.status}: ${figures.reason}`);
  return { wallMs: outcome.wallMs, gnuTimeMaxRssMiB: withTime ? gnuTimeMaxRssMiB(outcome.stderr) : Number.NaN, figures };
}

/** The peak resident set: the kernel's VmHWM, or where there is no /proc, the highest other reading. */
function peakOf(child: ChildFigures): number {
  const hwm = Number(child.figures.vm_hwm_mib);
  return Number.isNaN(hwm) ? Math.max(Number(child.figures.sampled_peak_rss_mib), child.gnuTimeMaxRssMiB) : hwm;
}

/** Materialises a 10M-row asset in a child process and reports its peak resident memory. */
export const memory: Benchmark = {
  name: "memory",
  description: `a ${(ROWS / 1e6).toFixed(0)}M-row asset (12 checks + profile) materialised in a child process, LAKEFORM_DUCKDB_MEMORY=${MEMORY_LIMIT} and the default: peak RSS`,
  async run(): Promise<BenchmarkFigures> {
    // One child at a time: they would compete for the two cores and the page cache.
    const limited = await materializeInChild(MEMORY_LIMIT);
    const byDefault = await materializeInChild(undefined);
    const children = [limited, byDefault];
    const n = (child: ChildFigures, key: string) => Number(child.figures[key]);
    const line = (label: string, value: (child: ChildFigures) => number | string): Cell[] => [label, ...children.map(value)];
    console.log(
      renderTable(
        ["measure (one child process each)", `limit ${MEMORY_LIMIT}`, "default limit"],
        [
          line("DuckDB memory limit", (c) => String(c.figures.memory_limit)),
          line("rows published", (c) => n(c, "rows").toLocaleString("en")),
          line("Parquet written, MiB", (c) => n(c, "parquet_mib")),
          line("child wall time incl. startup, s", (c) => c.wallMs / 1000),
          line("executePlan, s", (c) => n(c, "execute_ms") / 1000),
          line("  compute (SQL → Parquet), s", (c) => n(c, "compute_ms") / 1000),
          line("  checks + profile, s", (c) => n(c, "checks_ms") / 1000),
          line("RSS before the run, MiB", (c) => n(c, "baseline_rss_mib")),
          line("peak RSS during compute (50 ms samples), MiB", (c) => n(c, "peak_rss_compute_mib")),
          line("peak RSS during the audit (50 ms samples), MiB", (c) => n(c, "peak_rss_audit_mib")),
          line("peak RSS, /usr/bin/time -v, MiB", (c) => c.gnuTimeMaxRssMiB),
          line("peak RSS, VmHWM, MiB", (c) => n(c, "vm_hwm_mib")),
        ],
      ),
    );
    const peak = peakOf(limited);
    const met = peak < TARGET_MIB;
    console.log(`peak RSS with ${MEMORY_LIMIT}: ${peak.toFixed(0)} MiB, target < 1 GB (${TARGET_MIB.toFixed(0)} MiB): ${met ? "met" : "MISSED"}; with the default limit: ${peakOf(byDefault).toFixed(0)} MiB (${peakOf(byDefault) < TARGET_MIB ? "under" : "OVER"} 1 GB)`);
    const figures: Record<string, number | string> = { rows: n(limited, "rows"), target_mib: TARGET_MIB, target: met ? "met" : "missed" };
    for (const [prefix, child] of [["limited", limited], ["default", byDefault]] as const) {
      figures[`${prefix}_memory_limit`] = String(child.figures.memory_limit);
      figures[`${prefix}_peak_rss_mib`] = peakOf(child);
      figures[`${prefix}_gnu_time_max_rss_mib`] = child.gnuTimeMaxRssMiB;
      figures[`${prefix}_child_wall_ms`] = child.wallMs;
      for (const key of ["execute_ms", "compute_ms", "checks_ms", "baseline_rss_mib", "sampled_peak_rss_mib", "peak_rss_compute_mib", "peak_rss_audit_mib", "vm_hwm_mib"]) figures[`${prefix}_${key}`] = n(child, key);
    }
    return figures;
  },
};
