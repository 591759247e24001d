import { mkdtemp, rm, stat } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { buildAssetGraph } from "lakeform";
import type { AuditPlan, PlannedCheck } from "../runtime/core/checks/audit-plan.ts";
import type { AssetNode } from "../runtime/core/graph/asset-node.ts";
import { DEFAULT_PROFILE_SAMPLE_ROWS } from "../runtime/config/runtime-config.ts";
import { duckdbAuditPlan, statisticsOf } from "../runtime/engines/duckdb/audit/audit-staged.ts";
import { DuckDBEngine } from "../runtime/engines/duckdb/duckdb-engine.ts";
import type { AuditRequest, AuditResult } from "../runtime/engines/engine.ts";
import { DuckDBSession } from "../runtime/engines/duckdb/duckdb-session.ts";
import { localFiles } from "../runtime/storage/data-location.ts";
import type { Benchmark, BenchmarkFigures } from "./benchmark.ts";
import { renderTable, type Cell } from "./render-table.ts";
import { auditQueries, type BoundQuery } from "./support/audit-queries.ts";
import { ordersAsset } from "./support/orders-asset.ts";
import { measureSideBySide, type SideBySideTiming } from "./side-by-side.ts";

const ROWS = 10_000_000;
const ROUNDS = 3;
const MEMORY_LIMIT = "1GB";
/** Issue 16's targets: the audit of passing data within 1.5× a bare scan, ≥ 3× faster than one query per check; of failing data within 2.5×. */
const TARGET_AUDIT_OVER_BARE = 1.5;
const TARGET_PER_CHECK_OVER_AUDIT = 3;
const TARGET_FAILING_OVER_BARE = 2.5;

const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

/** Where the plan answered a check: from the files' statistics, the one scan, a query of its own, or the context. */
function answeredBy(planned: PlannedCheck): string {
  switch (planned.answer.kind) {
    case "statistics":
      return "statistics (Parquet footers)";
    case "scan":
      return "the one scan";
    case "query":
      return planned.check.kind === "acceptedValues" ? "targeted query (filter pushed down)" : "own query";
    case "context":
      return "no query (context)";
    case "unanswerable":
      return "unanswerable";
  }
}

/** One data set of the benchmark: its file, node and audit request. */
interface DataSet {
  readonly node: AssetNode;
  readonly file: string;
  readonly request: AuditRequest;
  readonly queries: ReturnType<typeof auditQueries>;
}

async function generate(engine: DuckDBEngine, dir: string, data: "passing" | "failing"): Promise<DataSet> {
  const orders = ordersAsset(ROWS, data);
  const node = buildAssetGraph([orders]).get(orders.key);
  const file = join(dir, `orders-${data}.parquet`);
  const started = performance.now();
  const job = await engine.submit({ node, partitions: [{ partition: "", window: undefined, inputs: new Map(), output: localFiles(file) }], attempt: 1 });
  const [written] = (await job.wait()).partitions;
  if (written === undefined) throw new Error("the job wrote no partition");
  const bytes = (await stat(file)).size;
  console.log(`${data}: ${written.rows.toLocaleString("en")} rows, ${Object.keys(node.columns).length} columns, ${(bytes / 2 ** 20).toFixed(0)} MiB Parquet (zstd), written by engine.submit in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const request: AuditRequest = { node, partition: "", files: [localFiles(file)], drift: written.drift, targets: new Map(), rowHistory: [], now: new Date() };
  return { node, file, request, queries: auditQueries(node, file) };
}

/** 12 checks plus the profile on 10M rows: the audit vs a bare scan vs one query per check, on passing and on failing data. */
export const fusedChecks: Benchmark = {
  name: "fused-checks",
  description: `12 checks plus the profile on a ${(ROWS / 1e6).toFixed(0)}M-row asset: the audit vs a bare scan vs one query per check, passing and failing`,
  async run(): Promise<BenchmarkFigures> {
    const loadBefore = loadavg()[0] ?? Number.NaN;
    const dir = await mkdtemp(join(tmpdir(), "lakeform-bench-fused-"));
    // As the runtime opens it: very large partitions profiled on a sample (checks read every row).
    const engine = await DuckDBEngine.create({ tempDirectory: join(dir, "spill-engine"), memoryLimit: MEMORY_LIMIT, profileSampleRows: DEFAULT_PROFILE_SAMPLE_ROWS });
    const exact = await DuckDBEngine.create({ tempDirectory: join(dir, "spill-exact"), memoryLimit: MEMORY_LIMIT, profileSampleRows: 0 });
    // The baselines run on a session of their own with the engine's settings.
    const session = await DuckDBSession.open({ tempDirectory: join(dir, "spill-session"), memoryLimit: MEMORY_LIMIT });
    try {
      const passing = await generate(engine, dir, "passing");
      const failing = await generate(engine, dir, "failing");
      const all = (query: BoundQuery | string) => (typeof query === "string" ? session.all(query) : session.all(query.sql, query.params));

      // How the plan answers each check once the footers are read (the audit itself does the same).
      const plans = await Promise.all([passing, failing].map(async (set) => duckdbAuditPlan(set.request, undefined, await statisticsOf(session, set.request), { profileSampleRows: DEFAULT_PROFILE_SAMPLE_ROWS })));
      const [passingPlan, failingPlan] = plans as [AuditPlan, AuditPlan];
      console.log(
        renderTable(
          ["check", "kind", "passing data: answered by", "failing data: answered by"],
          passingPlan.checks.map((c, i) => [c.check.name, c.check.kind, answeredBy(c), failingPlan.checks[i] === undefined ? "" : answeredBy(failingPlan.checks[i] as PlannedCheck)]),
        ),
      );
      const scanned = (plan: AuditPlan) =>
        `${plan.scan.aggregates.length} aggregates (${plan.scan.aggregates.filter((a) => a.of.kind === "profile").length} of the profile), ${plan.profileScan?.aggregates.length ?? 0} profile aggregates on a sample of ${(plan.profileScan?.sampledRows ?? 0).toLocaleString("en")} rows, ${Object.keys(plan.known).length} values known from statistics`;
      console.log(`the scan, passing: ${scanned(passingPlan)}; failing: ${scanned(failingPlan)}`);
      console.log("");

      const audited: Record<string, AuditResult> = {};
      const audit = (set: DataSet, name: string, on = engine) => async () => {
        audited[name] = await on.audit(set.request);
      };
      const perCheck = async (set: DataSet) => {
        await session.run(set.queries.createView);
        for (const query of [...set.queries.perCheck, ...set.queries.perColumnProfile]) await all(query);
      };
      // The view is the baselines' (one per data set, re-created before each: the same name).
      const main = await measureSideBySide(
        {
          audit: audit(passing, "passing"),
          exactAudit: audit(passing, "exact", exact),
          bare: async () => {
            await session.run(passing.queries.createView);
            await all(passing.queries.bareScan);
          },
          perCheck: () => perCheck(passing),
          failingAudit: audit(failing, "failing"),
          failingBare: async () => {
            await session.run(failing.queries.createView);
            await all(failing.queries.bareScan);
          },
        },
        { rounds: ROUNDS },
      );
      const failures = audited.passing?.checks.filter((c) => c.status !== "pass") ?? [];
      if (failures.length > 0) throw new Error(`The benchmark's checks should pass on its passing data; these did not: ${failures.map((c) => `${c.check} (${c.message})`).join("; ")}`);
      const failed = audited.failing?.checks.filter((c) => c.status !== "pass").length ?? 0;

      const bareMs = main.bare.medianMs;
      const bareCpuMs = main.bare.cpuMedianMs;
      const auditOverBare = main.audit.medianMs / bareMs;
      const perCheckOverAudit = main.perCheck.medianMs / main.audit.medianMs;
      const failingOverBare = main.failingAudit.medianMs / main.failingBare.medianMs;
      const row = (label: string, timing: SideBySideTiming, statements: number | string, bare: SideBySideTiming): Cell[] => [label, statements, timing.coldMs, timing.medianMs, timing.minMs, timing.medianMs / bare.medianMs, timing.cpuMedianMs, timing.cpuMedianMs / bare.cpuMedianMs];
      const perCheckQueries = passing.queries.perCheck.length + passing.queries.perColumnProfile.length;
      console.log(
        renderTable(
          [`variant (median of ${ROUNDS} rounds, side by side)`, "queries", "cold ms", "median ms", "min ms", "× bare", "CPU ms", "CPU × bare"],
          [
            row("(a) AUDIT, passing: engine.audit (12 checks + profile)", main.audit, audited.passing?.queries ?? "?", main.bare),
            row("(b) BARE SCAN: count/min/max of every column", main.bare, 1, main.bare),
            row("(c) ONE QUERY PER CHECK + one per profiled column", main.perCheck, perCheckQueries, main.bare),
            row("(a') AUDIT, passing, the profile on every row", main.exactAudit, audited.exact?.queries ?? "?", main.bare),
            row(`(d) AUDIT, failing data (${failed} checks fail)`, main.failingAudit, audited.failing?.queries ?? "?", main.failingBare),
            row("(e) BARE SCAN of the failing data", main.failingBare, 1, main.failingBare),
          ],
        ),
      );
      console.log(`(a) audit / bare scan: ${auditOverBare.toFixed(2)}× (target ≤ ${TARGET_AUDIT_OVER_BARE}×: ${verdict(auditOverBare <= TARGET_AUDIT_OVER_BARE)}); CPU ${(main.audit.cpuMedianMs / bareCpuMs).toFixed(2)}×; with the profile on every row (a'): ${(main.exactAudit.medianMs / bareMs).toFixed(2)}×`);
      console.log(`(c) one query per check / audit: ${perCheckOverAudit.toFixed(2)}× (target ≥ ${TARGET_PER_CHECK_OVER_AUDIT}×: ${verdict(perCheckOverAudit >= TARGET_PER_CHECK_OVER_AUDIT)}); CPU ${(main.perCheck.cpuMedianMs / main.audit.cpuMedianMs).toFixed(2)}×`);
      console.log(`(d) failing audit / bare scan: ${failingOverBare.toFixed(2)}× (target ≤ ${TARGET_FAILING_OVER_BARE}×: ${verdict(failingOverBare <= TARGET_FAILING_OVER_BARE)}); CPU ${(main.failingAudit.cpuMedianMs / main.failingBare.cpuMedianMs).toFixed(2)}×`);
      const peakRssMiB = process.resourceUsage().maxRSS / 2 ** 10;
      console.log(`peak RSS of this process (generation, audits and baselines; DuckDB memory_limit ${MEMORY_LIMIT}): ${peakRssMiB.toFixed(0)} MiB (target < 1,024 MiB: ${verdict(peakRssMiB < 1024)})`);

      const figures: Record<string, number | string> = {
        rows: ROWS,
        checks: passing.node.checks.length,
        passing_scan_aggregates: passingPlan.scan.aggregates.length,
        failing_scan_aggregates: failingPlan.scan.aggregates.length,
        passing_statements: audited.passing?.queries ?? Number.NaN,
        failing_statements: audited.failing?.queries ?? Number.NaN,
        failing_checks: failed,
        per_check_queries: perCheckQueries,
        audit_over_bare: auditOverBare,
        audit_over_bare_cpu: main.audit.cpuMedianMs / bareCpuMs,
        exact_profile_audit_over_bare: main.exactAudit.medianMs / bareMs,
        per_check_over_audit: perCheckOverAudit,
        failing_over_bare: failingOverBare,
        peak_rss_mib: peakRssMiB,
        audit_over_bare_target: verdict(auditOverBare <= TARGET_AUDIT_OVER_BARE),
        per_check_over_audit_target: verdict(perCheckOverAudit >= TARGET_PER_CHECK_OVER_AUDIT),
        failing_over_bare_target: verdict(failingOverBare <= TARGET_FAILING_OVER_BARE),
      };
      for (const [name, timing] of Object.entries(main)) {
        figures[`${name}_median_ms`] = timing.medianMs;
        figures[`${name}_cpu_median_ms`] = timing.cpuMedianMs;
      }
      const loadAfter = loadavg()[0] ?? Number.NaN;
      console.log(`load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} CPUs (the machine is shared; CPU ms counts this process's threads only)`);
      return { ...figures, load_average_before: loadBefore, load_average_after: loadAfter };
    } finally {
      session.close();
      await engine.close();
      await exact.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
