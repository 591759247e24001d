/**
 * `npm run bench [-- <text>]`: runs every benchmark (or those whose name contains `<text>`),
 * prints each one's table, and writes all figures to `bench/results/latest.json`.
 * To add a benchmark, export a `Benchmark` from a module in `bench/` and list it below.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import type { Benchmark, BenchmarkFigures } from "./benchmark.ts";
import { backfill } from "./backfill.ts";
import { fusedChecks } from "./fused-checks.ts";
import { graphBuild } from "./graph-build.ts";
import { memory } from "./memory.ts";
import { planCompile } from "./plan-compile.ts";
import { postgresExtract } from "./postgres-extract.ts";
import { runOverhead } from "./run-overhead.ts";
import { schedulerTick } from "./scheduler-tick.ts";

const BENCHMARKS: readonly Benchmark[] = [graphBuild, fusedChecks, runOverhead, memory, schedulerTick, planCompile, postgresExtract, backfill];

const RESULTS = new URL("./results/", import.meta.url);

async function main(filter: string | undefined): Promise<number> {
  const selected = BENCHMARKS.filter((b) => filter === undefined || b.name.includes(filter.toLowerCase()));
  if (selected.length === 0) {
    console.error(`No benchmark name contains "${filter}". Benchmarks: ${BENCHMARKS.map((b) => b.name).join(", ")}.`);
    return 1;
  }
  const results: Record<string, BenchmarkFigures> = {};
  for (const benchmark of selected) {
    console.log(`\n== ${benchmark.name}: ${benchmark.description}`);
    const started = performance.now();
    results[benchmark.name] = await benchmark.run();
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model ?? "unknown",
    cpus: cpus().length,
    ...(filter === undefined ? {} : { filter }),
    results,
  };
  await mkdir(RESULTS, { recursive: true });
  const file = new URL("latest.json", RESULTS);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${file.pathname}`);
  return 0;
}

process.exitCode = await main(process.argv[2]);
