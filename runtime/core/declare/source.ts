import { defineAsset, type AssetDefinition, type AssetMetadata } from "./asset.ts";
import type { Columns } from "./column.ts";
import { DeclarationSite } from "./declaration-site.ts";
import type { FileDropSpec } from "./file-drop.ts";

/** The options of `source()`: an asset's metadata plus where the data comes from. */
export interface SourceOptions<C extends Columns> extends Omit<AssetMetadata<C>, "tier" | "engine"> {
  /** Where the external data arrives. */
  readonly from: FileDropSpec;
}

/**
 * Declares an external input, landed into the raw tier with its schema enforced and its PII
 * treated at the door (hashed, masked or dropped) so clear-text PII never lands.
 *
 * @example
 * export const rawCustomers = source("raw/customers", {
 *   owners: ["team:crm"],
 *   from: fileDrop({ format: "csv", pattern: "customers/*.csv" }),
 *   columns: { customer_id: col.string(), email: col.string().pii("email", "hash") },
 * });
 */
export function source<const K extends string, C extends Columns>(key: K, options: SourceOptions<C>): AssetDefinition<K, C> {
  const { from, ...metadata } = options;
  return defineAsset("source", key, { ...metadata, tier: "raw", compute: Object.freeze({ kind: "ingest", from }) }, DeclarationSite.capture());
}
