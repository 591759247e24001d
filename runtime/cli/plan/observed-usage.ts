import type { PlanUsage } from "../../../infra/plan/estimate-cost.ts";
import type { AssetGraph } from "../../core/graph/asset-graph.ts";
import type { Workspace } from "../../workspace/workspace.ts";
import { readLocalState } from "../read-local-state.ts";

/**
 * What the local workspace of an environment observed of each asset, to refine the plan's cost
 * estimate: the bytes of its published versions (summed over partitions, from the sizes
 * recorded when they were published). Read from the workspace's SQLite state store only
 * (`readLocalState`). Undefined when the workspace has none (then the estimate assumes sizes,
 * and says so); assets without recorded sizes are left out.
 */
export async function observedUsage(graph: AssetGraph, workspace: Workspace): Promise<PlanUsage | undefined> {
  return readLocalState(workspace, async (state) => {
    const usage: Record<string, { storedBytes: number }> = {};
    for (const key of graph.keys) {
      const versions = await state.publishedVersions(key);
      const sized = versions.filter((v) => v.digests.length > 0);
      if (sized.length === 0) continue;
      usage[key] = Object.freeze({ storedBytes: sized.reduce((sum, v) => sum + v.digests.reduce((bytes, d) => bytes + d.bytes, 0), 0) });
    }
    return Object.freeze(usage);
  });
}
