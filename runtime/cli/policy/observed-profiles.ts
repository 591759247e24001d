import type { ColumnProfileReading } from "../../core/checks/read-audit.ts";
import type { AssetGraph } from "../../core/graph/asset-graph.ts";
import type { Workspace } from "../../workspace/workspace.ts";
import { readLocalState } from "../read-local-state.ts";

/**
 * The latest profile of each asset in the local workspace's SQLite state store, for the
 * `undeclared-pii` rule (`readLocalState`: read only, never a shared database, never a new
 * store). Empty when the workspace has none; assets never profiled are left out.
 */
export async function observedProfiles(graph: AssetGraph, workspace: Workspace): Promise<ReadonlyMap<string, readonly ColumnProfileReading[]>> {
  const profiles = await readLocalState(workspace, async (state) => {
    const found = new Map<string, readonly ColumnProfileReading[]>();
    for (const key of graph.keys) {
      const profile = await state.latestProfile(key);
      if (profile !== undefined) found.set(key, profile.columns);
    }
    return found;
  });
  return profiles ?? new Map();
}
