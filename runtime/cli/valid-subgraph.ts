import { AssetGraphError } from "../core/errors.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import { buildAssetGraph, type Declarations } from "../core/graph/build-asset-graph.ts";
import type { AssetDefinition } from "../core/declare/asset.ts";
import type { Problem } from "../core/problem.ts";

/** A graph of the valid part of a catalog, and the problems of the assets left out. */
export interface ValidSubgraph {
  readonly graph: AssetGraph;
  /** Problems of the assets left out (their own, or a dependency left out before them). */
  readonly problems: readonly Problem[];
}

function flatten(declarations: Declarations): AssetDefinition[] {
  const list = Array.isArray(declarations) ? declarations : Object.values(declarations);
  return [...new Set(list.flatMap((d: AssetDefinition | Declarations) => (Array.isArray(d) ? flatten(d) : [d as AssetDefinition])))];
}

/**
 * The graph of every asset that is valid on its own terms, for read-only commands (`query`)
 * that should serve what they can: assets with problems are left out, then the assets that
 * depended on them, until the rest validates. Problems that belong to no asset still throw.
 */
export function buildValidSubgraph(declarations: Declarations): ValidSubgraph {
  let kept = flatten(declarations);
  const problems: Problem[] = [];
  for (;;) {
    try {
      return { graph: buildAssetGraph(kept), problems };
    } catch (error) {
      if (!(error instanceof AssetGraphError) || error.problems.some((p) => p.asset === undefined)) throw error;
      const invalid = new Set(error.problems.map((p) => p.asset));
      const rest = kept.filter((d) => !invalid.has(d.key));
      if (rest.length === kept.length) throw error;
      problems.push(...error.problems);
      kept = rest;
    }
  }
}
