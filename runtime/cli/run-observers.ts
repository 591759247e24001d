import type { RuntimeConfig } from "../config/runtime-config.ts";
import { httpTransport } from "../lineage/http-transport.ts";
import { lineageObserver } from "../lineage/lineage-observer.ts";
import { consoleTransport, fileTransport, type LineageTransport } from "../lineage/lineage-transport.ts";
import { runLogWriter } from "../logs/run-log-writer.ts";
import type { OpenRuntime } from "../run/open-runtime.ts";
import { combineObservers, type RunObserver } from "../run/run-observer.ts";

/**
 * What observes a command's runs: the run log and OpenLineage events in the workspace's logs
 * tier, and OpenLineage events to `LAKEFORM_OPENLINEAGE_URL` (an endpoint, or `console` for
 * stderr, one JSON line per event). Warnings (an endpoint that refuses events) go to stderr too, marked `!`.
 */
export function runObservers(runtime: OpenRuntime, config: RuntimeConfig, stderr: (text: string) => void): RunObserver {
  const warn = (message: string) => stderr(`! ${message}`);
  const logsDir = runtime.workspace.logsDir;
  // One file per Lakeform run, named by its OpenLineage run id (every event's parent run).
  const transports: LineageTransport[] = [fileTransport(logsDir, (event) => (event.run.facets.parent as { run?: { runId?: string } } | undefined)?.run?.runId ?? event.run.runId)];
  const url = config.openLineage.url;
  if (url === "console") transports.push(consoleTransport(stderr));
  else if (url !== undefined) transports.push(httpTransport({ url }));
  const lineage = lineageObserver({ graph: runtime.graph, state: runtime.state, store: runtime.store, namespace: config.openLineage.namespace ?? `lakeform://${runtime.workspace.environment}`, transports, warn });
  return combineObservers([runLogWriter(logsDir), lineage]);
}
