import { resolveEngine } from "../core/graph/engine-resolution.ts";
import type { AssetNode } from "../core/graph/asset-node.ts";
import type { Engine } from "../engines/engine.ts";
import type { RunServices } from "./run-services.ts";

/**
 * The engine that computes `node` here: the one its engine resolves to in this environment
 * (`resolveEngine` with the environment's default), when this runtime has it; else the embedded
 * engine — locally the whole catalog runs on DuckDB, unchanged.
 */
export function engineFor(services: Pick<RunServices, "engine" | "engines" | "defaultEngine">, node: Pick<AssetNode, "compute" | "definition">): Engine {
  const name = resolveEngine(node, services.defaultEngine ?? "duckdb");
  return services.engines?.[name] ?? services.engine;
}
