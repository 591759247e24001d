import type { AssetGraph } from "../core/graph/asset-graph.ts";
import { openRuntime, type OpenRuntime } from "../run/open-runtime.ts";
import { workspaceOf, type Workspace } from "../workspace/workspace.ts";
import type { CommandContext } from "./command.ts";
import { loadGraph } from "./load-catalog.ts";
import { runObservers } from "./run-observers.ts";

/** The environment a command works on: `--env`, else `LAKEFORM_ENV`, else `dev`. */
export function environmentOf(context: CommandContext): string {
  const value = context.values.env;
  return typeof value === "string" ? value : context.config.environment;
}

/** The workspace of the command's environment, where the `RuntimeConfig` puts it. */
export function commandWorkspace(context: CommandContext): Workspace {
  return workspaceOf({ environment: environmentOf(context), cwd: context.io.cwd, home: context.config.home, landingDir: context.config.landingDir });
}

/** Loads the command's catalog (within `LAKEFORM_CATALOG_TIMEOUT`) and builds its graph. */
export function commandGraph(context: CommandContext): Promise<AssetGraph> {
  return loadGraph(context.catalog, context.io.cwd, context.config.catalogTimeoutMs);
}

/**
 * Loads the catalog and opens the runtime of the command's environment; closes it after `use`.
 * `--reinitialise` starts a new state store where the existing one is missing, empty or
 * unreadable next to data files (said on stderr).
 */
export async function withRuntime<T>(context: CommandContext, use: (runtime: OpenRuntime, graph: AssetGraph) => Promise<T>, now?: () => Date): Promise<T> {
  const graph = await commandGraph(context);
  const runtime = await openRuntime(graph, commandWorkspace(context), context.config, now, {
    reinitialise: context.values.reinitialise === true,
    notify: (message) => context.io.stderr(message),
    ...(context.env === undefined ? {} : { environment: context.env }),
  });
  // Runs leave their log and OpenLineage events in the logs tier (and at LAKEFORM_OPENLINEAGE_URL).
  const observer = runObservers(runtime, context.config, (text) => context.io.stderr(text));
  try {
    return await use({ ...runtime, observer }, graph);
  } finally {
    await observer.flush?.();
    await runtime.close();
  }
}
