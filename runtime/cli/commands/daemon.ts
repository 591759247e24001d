import { routesFor } from "../../alerts/alert-routes.ts";
import { loadCatalogAlertRoutes } from "../catalog-alert-routes.ts";
import { parseDuration } from "../../core/declare/duration.ts";
import { tick } from "../../scheduler/tick.ts";
import { writeJson } from "../cli-io.ts";
import { stringOption, type Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { lineReporter } from "../reporters.ts";
import { silentReporter } from "../../run/progress-reporter.ts";
import { UsageError } from "../usage-error.ts";
import { printTick, tickJson } from "./tick.ts";

/** `lakeform daemon [--interval 30s]`: ticks until SIGTERM or SIGINT, then exits cleanly. */
export const daemonCommand: Command = {
  name: "daemon",
  summary: "Tick every interval until stopped; on SIGTERM finish the current tick's bookkeeping and exit",
  usage: "lakeform daemon [--interval 30s] [--env NAME] [--json]",
  options: { interval: { type: "string", value: "DURATION", description: "how long to wait after one tick before the next, at least 1s (default: 30s)" } },
  async run(context) {
    const text = stringOption(context, "interval") ?? "30s";
    const interval = parseDuration(text);
    if (interval === undefined || interval < 1000) throw new UsageError(`--interval "${text}" is not a duration of at least 1s. Fix: e.g. --interval 30s.`);
    let stopping = false;
    let wake: () => void = () => undefined;
    const stop = (signal: string) => {
      if (!stopping) context.io.stdout(`${signal}: finishing the current tick, then stopping`);
      stopping = true;
      wake();
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
    try {
      // A signal that came while the command was loading (recorded by the `lakeform` binary) stops it now.
      const early = (globalThis as Record<symbol, unknown>)[Symbol.for("lakeform.earlySignals")];
      if (Array.isArray(early) && early.length > 0) {
        context.io.stdout(`${String(early[0])} during startup: stopped before the first tick`);
        return ExitCode.ok;
      }
      return await withRuntime(context, async (runtime) => {
        // The catalog's alert routes (its `alerts` export), merged with the environment's at each tick.
        const catalogRoutes = await loadCatalogAlertRoutes(context.catalog, context.io.cwd, context.config.catalogTimeoutMs);
        context.io.stdout(`Scheduler daemon (pid ${process.pid}) ticking every ${text}`);
        while (!stopping) {
          const report = await tick(runtime, { now: new Date(), routes: routesFor(catalogRoutes, context.config.alerts, context.json ? context.io.stderr : context.io.stdout), concurrency: context.config.concurrency, reporter: context.json ? silentReporter : lineReporter(context.io) });
          if (context.json) writeJson(context.io, tickJson(report));
          else printTick(context.io, report);
          if (stopping) break;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, interval);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        context.io.stdout("Scheduler daemon stopped");
        return ExitCode.ok;
      });
    } finally {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
    }
  },
};
