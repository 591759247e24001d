import type { Tier } from "../declare/asset.ts";
import type { AssetNode } from "../graph/asset-node.ts";

/**
 * The catalog database (Glue database, BigQuery dataset) of a tier in an environment named by
 * `prefix`: `lf-prod` → `lf_prod_clean`. The Pulumi program creates it; the runtime publishes
 * into it.
 */
export function catalogDatabaseName(prefix: string, tier: Tier): string {
  return `${prefix.replaceAll("-", "_")}_${tier}`;
}

/** An asset's table in its tier's database: the key without its tier, `/` → `__` (`clean/orders` → `orders`, `clean/sales/orders` → `sales__orders`). */
export function catalogTableName(node: Pick<AssetNode, "key" | "tier">): string {
  const segments = node.key.split("/");
  return (segments[0] === node.tier ? segments.slice(1) : segments).join("__");
}
