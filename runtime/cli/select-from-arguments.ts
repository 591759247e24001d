import type { AssetGraph } from "../core/graph/asset-graph.ts";
import { UsageError } from "./usage-error.ts";

/**
 * The keys named by the positional arguments (joined as a union), in topological order;
 * every asset when there are none.
 * @throws UsageError when the selection matches no asset.
 */
export function selectFromArguments(graph: AssetGraph, positionals: readonly string[]): string[] {
  const selection = positionals.length === 0 ? "*" : positionals.join(" ");
  const keys = graph.select(selection);
  if (keys.length === 0) {
    throw new UsageError(`Selection "${selection}" matches no asset. Fix: run \`lakeform list\` to see keys, tags, groups and owners.`);
  }
  return keys;
}
