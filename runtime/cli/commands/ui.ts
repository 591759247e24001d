import { existsSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../../../infra/plan/compile.ts";
import type { PlatformPlan } from "../../../infra/plan/platform-plan.ts";
import { readStackFile } from "../../../infra/plan/read-stack-file.ts";
import type { AssetGraph } from "../../core/graph/asset-graph.ts";
import { DEFAULT_UI_HOST } from "../../ui/bind-host.ts";
import { startUiServer } from "../../ui/ui-server.ts";
import type { Workspace } from "../../workspace/workspace.ts";
import { stringOption, type Command, type CommandContext } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { environmentOf, withRuntime } from "../open-command-runtime.ts";
import { observedUsage } from "../plan/observed-usage.ts";
import { UsageError } from "../usage-error.ts";

/** The UI's port unless `--port` says otherwise. */
export const DEFAULT_UI_PORT = 7420;

/** How long a compiled plan is reused before it is compiled again (sizes change as data is published). */
const PLAN_TTL_MS = 60_000;

function portOf(context: CommandContext): number {
  const text = stringOption(context, "port");
  if (text === undefined) return DEFAULT_UI_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`--port "${text}" is not a port number. Fix: pass a number from 1 to 65535, or 0 for any free port.`);
  return port;
}

/**
 * The plan of the environment's stack (`Pulumi.<env>.yaml` in the working directory), compiled
 * with the sizes the workspace observed, at most once a minute; undefined without a stack file,
 * or when the plan cannot be compiled (said once on stderr).
 */
async function planProvider(context: CommandContext, graph: AssetGraph, workspace: Workspace, environment: string): Promise<() => PlatformPlan | undefined> {
  const file = join(context.io.cwd, `Pulumi.${environment}.yaml`);
  let cached: { plan: PlatformPlan | undefined; at: number } | undefined;
  let refreshing = false;
  let warned = false;
  const refresh = async () => {
    refreshing = true;
    try {
      cached = { plan: compile(graph, readStackFile(context.io.cwd, environment), await observedUsage(graph, workspace)), at: Date.now() };
    } catch (error) {
      if (!warned) context.io.stderr(`✗ The plan of stack "${environment}" cannot be compiled, so the UI shows no cost: ${(error as Error).message}`);
      warned = true;
      cached = { plan: undefined, at: Date.now() };
    } finally {
      refreshing = false;
    }
  };
  if (existsSync(file)) await refresh(); // the first page has its cost
  return () => {
    if (!existsSync(file)) return undefined;
    if (!refreshing && (cached === undefined || Date.now() - cached.at > PLAN_TTL_MS)) void refresh();
    return cached?.plan;
  };
}

/** Resolves on SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(signal);
    };
    const onInt = stop("SIGINT");
    const onTerm = stop("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
}

/** `lakeform ui [--port N] [--host H]`: serves the read-only web UI until SIGINT or SIGTERM. */
export const uiCommand: Command = {
  name: "ui",
  summary: "Serve a read-only web page of the platform: the lineage graph by health, assets, checks, partitions, runs and cost",
  usage: "lakeform ui [--port N] [--host H] [--env NAME]",
  options: {
    port: { type: "string", value: "N", description: `the port to listen on, 0 for any free port (default: ${DEFAULT_UI_PORT})` },
    host: { type: "string", value: "H", description: `the address to listen on (default: ${DEFAULT_UI_HOST}); any other than loopback exposes the UI beyond this machine, with a warning` },
  },
  async run(context) {
    const port = portOf(context);
    const host = stringOption(context, "host");
    return withRuntime(context, async (runtime, graph) => {
      const environment = environmentOf(context);
      const server = await startUiServer(
        { graph, state: runtime.state, landingDir: runtime.landingDir, environment, now: () => new Date(), plan: await planProvider(context, graph, runtime.workspace, environment) },
        { host: host ?? DEFAULT_UI_HOST, port, explicitHost: host !== undefined, warn: (message) => context.io.stderr(message) },
      );
      const stopped = untilStopped(); // listening for signals before the address is out
      context.io.stdout(`Lakeform UI of environment "${environment}" on ${server.url} (read-only; Ctrl-C stops it)`);
      const signal = await stopped;
      await server.close();
      context.io.stdout(`${signal}: UI stopped`);
      return ExitCode.ok;
    });
  },
};
