import type { AssetNode } from "../graph/asset-node.ts";

/**
 * The object key of one data file of a version: `<tier>/<rest of key>/<partition dir>/<version>.parquet`,
 * with Hive-style partition directories (`dt=2024-01-01`, `key=eu`); unpartitioned assets have none.
 * `clean/orders` in tier clean → `clean/orders/dt=2024-01-01/v-…parquet`; `sales/orders` in tier clean →
 * `clean/sales/orders/dt=…`.
 */
export function dataFileKey(node: Pick<AssetNode, "key" | "tier" | "partitions">, partition: string, version: string): string {
  const segments = node.key.split("/");
  const path = segments[0] === node.tier ? segments : [node.tier, ...segments];
  if (node.partitions !== undefined) path.push(`${node.partitions.kind === "static" ? "key" : "dt"}=${partition}`);
  return [...path, `${version}.parquet`].join("/");
}

/** The prefix under which every file of an asset lives. */
export function assetPrefix(node: Pick<AssetNode, "key" | "tier">): string {
  const segments = node.key.split("/");
  return (segments[0] === node.tier ? segments : [node.tier, ...segments]).join("/");
}
