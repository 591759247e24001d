import { routesFor } from "../../alerts/alert-routes.ts";
import { loadCatalogAlertRoutes } from "../catalog-alert-routes.ts";
import type { ExpiredAsset } from "../../scheduler/expire-partitions.ts";
import { tick, type TickReport } from "../../scheduler/tick.ts";
import { silentReporter } from "../../run/progress-reporter.ts";
import { writeJson, type CliIo } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { nowOf } from "../parse-now.ts";
import { lineReporter } from "../reporters.ts";

/** The lines people read about a tick. */
export function printTick(io: CliIo, report: TickReport): void {
  const launched = report.decisions.filter((d) => d.action === "launch");
  const waiting = report.decisions.filter((d) => d.action === "waiting");
  io.stdout(`Tick ${report.tickId} at ${report.now.toISOString()}: ${launched.length} launched, ${report.decisions.length - launched.length - waiting.length} held back${waiting.length === 0 ? "" : `, ${waiting.length} waiting for data`}`);
  for (const d of report.decisions) io.stdout(`  ${d.action.padEnd(17)} ${d.asset}${d.partition === "" ? "" : ` ${d.partition}`} (${d.trigger}): ${d.reason}`);
  for (const r of report.advanced) io.stdout(`  ${`job ${r.status}`.padEnd(17)} ${r.key}${r.partition === "" ? "" : ` ${r.partition}`}${r.reason === undefined ? "" : `: ${r.reason.split("\n")[0] ?? ""}`}`);
  for (const e of report.expired) io.stdout(`  ${"expired".padEnd(17)} ${e.asset} ${describeExpired(e)}`);
  for (const r of report.catalogRepairs) io.stdout(`  ${`catalog ${r.action}`.padEnd(17)} ${r.asset}${r.partition === "" ? "" : ` ${r.partition}`}${r.location === undefined ? "" : ` → ${r.location}`}`);
  if (report.run !== undefined) {
    const t = report.run.totals;
    io.stdout(`  run ${report.run.runId}: materialised ${t.published} · blocked ${t.blocked} · failed ${t.failed} · skipped ${t.skipped} · waiting for data ${t.waiting}`);
  }
  for (const alert of report.alerts) io.stdout(`  alert ${alert.change}: ${alert.asset}${alert.partition === "" ? "" : ` ${alert.partition}`} ${alert.kind} ${alert.level} → ${alert.owners.join(", ")}`);
  for (const failure of report.alertFailures) io.stderr(`  alert sink ${failure.sink} failed: ${failure.error}`);
}

/** `3 partitions 2024-01-01..2024-01-03 past its retention (3 data files deleted)`. */
export function describeExpired(e: ExpiredAsset): string {
  const range = e.partitions.length === 1 ? (e.partitions[0] ?? "") : `${e.partitions[0] ?? ""}..${e.partitions.at(-1) ?? ""}`;
  return `${e.partitions.length} partition${e.partitions.length === 1 ? "" : "s"} ${range} past its retention (${e.files} data file${e.files === 1 ? "" : "s"} deleted)`;
}

/** The JSON form of a tick report. */
export function tickJson(report: TickReport) {
  return { tickId: report.tickId, now: report.now.toISOString(), decisions: report.decisions, run: report.run ?? null, advanced: report.advanced, alerts: report.alerts, alertFailures: report.alertFailures, expired: report.expired, catalogRepairs: report.catalogRepairs };
}

/** `lakeform tick [--now ISO]`: one reconciliation pass. */
export const tickCommand: Command = {
  name: "tick",
  summary: "Run one scheduling pass: launch what is due (cron, freshness, eager, catch-up, retries), alert on changes",
  usage: "lakeform tick [--now ISO] [--env NAME] [--json]",
  options: { now: { type: "string", value: "ISO", description: "run the pass as if it were this time (ISO 8601, e.g. 2024-03-01T09:00:00Z; default: the real clock)" } },
  async run(context) {
    const now = nowOf(context.values.now);
    return withRuntime(
      context,
      async (runtime) => {
        const catalogRoutes = await loadCatalogAlertRoutes(context.catalog, context.io.cwd, context.config.catalogTimeoutMs);
        const report = await tick(runtime, { now, routes: routesFor(catalogRoutes, context.config.alerts, context.json ? context.io.stderr : context.io.stdout), concurrency: context.config.concurrency, reporter: context.json ? silentReporter : lineReporter(context.io) });
        if (context.json) writeJson(context.io, tickJson(report));
        else printTick(context.io, report);
        const settledBadly = report.advanced.some((r) => r.status === "failed" || r.status === "blocked");
        return !settledBadly && (report.run === undefined || report.run.totals.failed + report.run.totals.blocked === 0) ? ExitCode.ok : ExitCode.failed;
      },
      () => now,
    );
  },
};
