import type { EngineName } from "../declare/asset.ts";
import type { AssetNode } from "./asset-node.ts";

/**
 * Where an asset is computed in an environment whose default engine is `environmentDefault`:
 * its own `engine` when it declares one; Spark scripts on EMR; TypeScript functions and source
 * loads in the runtime (DuckDB); every other (SQL) asset on the environment's default. The plan
 * and the runtime decide alike.
 *
 * @example resolveEngine(graph.get("curated/daily_revenue"), "emr") // "emr"
 */
export function resolveEngine(node: Pick<AssetNode, "compute" | "definition">, environmentDefault: EngineName): EngineName {
  const declared = node.definition.engine;
  if (declared !== undefined) return declared;
  if (node.compute.kind === "spark") return "emr";
  if (node.compute.kind === "fn" || node.compute.kind === "ingest") return "duckdb";
  return environmentDefault;
}
