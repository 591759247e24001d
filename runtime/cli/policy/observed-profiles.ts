import { existsSync } from "node:fs";
import type { ColumnProfileReading } from "../../core/checks/read-audit.ts";
import type { AssetGraph } from "../../core/graph/asset-graph.ts";
import { openStateStore } from "../../state/open-state-store.ts";
import type { Workspace } from "../../workspace/workspace.ts";

/** Thrown by the new-store hook: there is no state to read, and none is created. */
class NoState extends Error {}

/**
 * The latest profile of each asset in the local workspace's SQLite state store
 * (`.lakeform/<env>/state.db`), for the `undeclared-pii` rule: read only, never a shared
 * database, never a new store. Empty when the workspace has none; assets never profiled are left out.
 */
export async function observedProfiles(graph: AssetGraph, workspace: Workspace): Promise<ReadonlyMap<string, readonly ColumnProfileReading[]>> {
  const profiles = new Map<string, readonly ColumnProfileReading[]>();
  if (!existsSync(workspace.statePath)) return profiles;
  let state;
  try {
    state = await openStateStore({
      sqlitePath: workspace.statePath,
      onNewStore: () => {
        throw new NoState();
      },
    });
  } catch (error) {
    if (error instanceof NoState) return profiles;
    throw error;
  }
  try {
    for (const key of graph.keys) {
      const profile = await state.latestProfile(key);
      if (profile !== undefined) profiles.set(key, profile.columns);
    }
    return profiles;
  } finally {
    await state.close();
  }
}
