import type { AssetNode } from "../graph/asset-node.ts";

/**
 * The folder of one version of a partition: `<tier>/<rest of key>/<partition dir>/<version>/`,
 * with Hive-style partition directories (`dt=2024-01-01`, `key=eu`); unpartitioned assets have
 * none. `clean/orders` in tier clean → `clean/orders/dt=2024-01-01/v-…/`; `sales/orders` in tier
 * clean → `clean/sales/orders/dt=…/v-…/`. A version has a folder of its own so that a catalog
 * (Glue, Athena) can point a partition at exactly that version.
 */
export function versionFolderKey(node: Pick<AssetNode, "key" | "tier" | "partitions">, partition: string, version: string): string {
  const segments = node.key.split("/");
  const path = segments[0] === node.tier ? segments : [node.tier, ...segments];
  if (node.partitions !== undefined) path.push(`${node.partitions.kind === "static" ? "key" : "dt"}=${partition}`);
  return `${[...path, version].join("/")}/`;
}

/** The object key of the data file an engine writing one file per version writes: `<version folder>/part-00000.parquet`. */
export function dataFileKey(node: Pick<AssetNode, "key" | "tier" | "partitions">, partition: string, version: string): string {
  return `${versionFolderKey(node, partition, version)}part-00000.parquet`;
}

/** The prefix under which every file of an asset lives. */
export function assetPrefix(node: Pick<AssetNode, "key" | "tier">): string {
  const segments = node.key.split("/");
  return (segments[0] === node.tier ? segments : [node.tier, ...segments]).join("/");
}
