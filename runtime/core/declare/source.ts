import { defineAsset, type AssetDefinition, type AssetMetadata } from "./asset.ts";
import type { Columns } from "./column.ts";
import { DeclarationSite } from "./declaration-site.ts";
import type { SourceSpec } from "./source-spec.ts";

/** The options of `source()`: an asset's metadata plus where the data comes from. */
export interface SourceOptions<C extends Columns> extends Omit<AssetMetadata<C>, "tier" | "engine"> {
  /** Where the external data arrives. */
  readonly from: SourceSpec;
  /**
   * Source freshness as dbt measures it: the `freshness` policy is judged on the newest value of
   * this timestamp column in the published data (`updated_at`, an event time), not on when
   * Lakeform last published — so a source that loads on time but receives nothing new is late.
   * @default - freshness is measured from the last publish
   */
  readonly loadedAtField?: string;
}

/**
 * Declares an external input, landed into the raw tier with its schema enforced and its PII
 * treated at the door (hashed, masked or dropped) so clear-text PII never lands: files dropped
 * into the landing directory (`fileDrop`), a PostgreSQL table extracted incrementally or as a
 * snapshot (`postgres`), or a paginated JSON API (`httpApi`).
 *
 * @example
 * export const rawCustomers = source("raw/customers", {
 *   owners: ["team:crm"],
 *   from: fileDrop({ format: "csv", pattern: "customers/*.csv" }),
 *   columns: { customer_id: col.string(), email: col.string().pii("email", "hash") },
 * });
 * export const rawOrders = source("raw/orders", {
 *   owners: ["team:shop"],
 *   from: postgres({ connection: env("APP_DATABASE_URL"), table: "public.orders", cursor: "updated_at", lookback: "10m" }),
 *   columns: { id: col.int64(), status: col.string(), updated_at: col.timestamp() },
 *   loadedAtField: "updated_at",
 *   freshness: maxLag({ warnAfter: "1h", failAfter: "6h" }),
 * });
 */
export function source<const K extends string, C extends Columns>(key: K, options: SourceOptions<C>): AssetDefinition<K, C> {
  const { from, loadedAtField, ...metadata } = options;
  const compute = Object.freeze({ kind: "ingest" as const, from, ...(loadedAtField === undefined ? {} : { loadedAtField }) });
  return defineAsset("source", key, { ...metadata, tier: "raw", compute }, DeclarationSite.capture());
}
