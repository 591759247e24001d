import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { PublishedVersion } from "../state/records.ts";

/** Why an asset's published data is out of date, or undefined when it is current. */
export function stalenessOf(graph: AssetGraph, key: string, published: ReadonlyMap<string, readonly PublishedVersion[]>): string | undefined {
  const versions = published.get(key) ?? [];
  if (versions.length === 0) return "never materialised";
  const node = graph.get(key);
  const outdated = versions.filter((v) => v.fingerprint !== node.fingerprint);
  if (outdated.length > 0) return `its definition changed since ${outdated.length === versions.length ? "it was published" : `${outdated.length} of ${versions.length} partitions were published`}`;
  const newest = Math.max(...versions.map((v) => v.publishedAt.getTime()));
  for (const parent of graph.parents(key)) {
    const parentNewest = Math.max(0, ...(published.get(parent) ?? []).map((v) => v.publishedAt.getTime()));
    if (parentNewest > newest) return `upstream "${parent}" published newer data (${new Date(parentNewest).toISOString()})`;
  }
  return undefined;
}
