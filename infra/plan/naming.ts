import type { AssetNode, Tier } from "lakeform";
import { catalogDatabaseName, catalogTableName } from "../../runtime/core/layout/catalog-names.ts";
import { assetPrefix } from "../../runtime/core/layout/data-keys.ts";
import type { Environment } from "./environment.ts";
import type { BucketRole, DataPrefix } from "./platform-plan.ts";

/**
 * The logical name of one of the environment's buckets: `lf-prod-curated`. Bucket names are
 * global, so the cloud components append the account (AWS) or project (GCP) to it.
 */
export function bucketName(environment: Environment, role: BucketRole): string {
  return `${environment.prefix}-${role}`;
}

/** The catalog database (Glue database, BigQuery dataset) of a tier: `lf_prod_clean`. */
export function databaseName(environment: Environment, tier: Tier): string {
  return catalogDatabaseName(environment.prefix, tier);
}

/** An asset's table name in its tier's database: the key without its tier, `/` → `__` (`clean/orders` → `orders`). */
export function tableName(node: Pick<AssetNode, "key" | "tier">): string {
  return catalogTableName(node);
}

/** Where an asset's files live: its tier's bucket and its prefix (every version under it). */
export function tableLocation(environment: Environment, node: Pick<AssetNode, "key" | "tier">): DataPrefix {
  return Object.freeze({ bucket: bucketName(environment, node.tier), prefix: `${assetPrefix(node)}/` });
}
