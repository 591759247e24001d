import { join } from "node:path";
import { DuckDBEngine } from "../engine/duckdb/duckdb-engine.ts";
import type { AssetGraph } from "../graph/asset-graph.ts";
import { piiKeyFromEnvironment } from "../pii/hmac-pads.ts";
import { openStateStore } from "../state/open-state-store.ts";
import { LocalObjectStore } from "../storage/local-object-store.ts";
import { ensureWorkspace, type Workspace } from "../workspace/workspace.ts";
import type { RunServices } from "./run-services.ts";
import type { SchedulerStore } from "../scheduler/scheduler-store.ts";

/** Run services that own their resources. */
export interface OpenRuntime extends RunServices {
  readonly state: SchedulerStore;
  readonly workspace: Workspace;
  close(): Promise<void>;
}

/**
 * Wires the embedded default for one workspace: DuckDB, the local object store, and the state
 * store — SQLite in the workspace, or PostgreSQL when `LAKEFORM_STATE_URL` is a postgres:// URL.
 * `LAKEFORM_DUCKDB_MEMORY` caps DuckDB's memory (default 1GB).
 */
export async function openRuntime(graph: AssetGraph, workspace: Workspace, env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): Promise<OpenRuntime> {
  ensureWorkspace(workspace);
  const state = await openStateStore({ url: env.LAKEFORM_STATE_URL, sqlitePath: workspace.statePath, schema: env.LAKEFORM_STATE_SCHEMA });
  const engine = await DuckDBEngine.create({ tempDirectory: join(workspace.scratchDir, "duckdb-spill"), memoryLimit: env.LAKEFORM_DUCKDB_MEMORY ?? "1GB" });
  return {
    graph,
    engine,
    state,
    store: new LocalObjectStore(workspace.dataDir),
    landingDir: workspace.landingDir,
    piiKey: piiKeyFromEnvironment(env),
    now,
    workspace,
    async close() {
      await engine.close();
      await state.close();
    },
  };
}
