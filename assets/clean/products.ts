import { asset, col, eager, maxLag, ref, self, sql } from "lakeform";
import { rawProducts } from "../raw/products.ts";

/**
 * The product catalogue, one row per product as last exported, with prices typed.
 * Delisted products stay, inactive, so that order history keeps its product names.
 */
export const cleanProducts = asset("clean/products", {
  description: "Every product ever listed, in its latest known state.",
  owners: ["team:data-eng", "team:product"],
  group: "product",
  columns: {
    product_id: col.string().primaryKey(),
    sku: col.string().nullable(),
    product_name: col.string(),
    category: col.string().describe("Lower-case top-level category, `uncategorised` when missing"),
    list_price: col.decimal(12, 2).nullable().describe("Current list price in EUR; null when the export's price was unreadable"),
    is_active: col.boolean().describe("Listed in the shop; the merchandising tool keeps delisted products in its feed as inactive"),
    attributes: col.json().nullable(),
    updated_at: col.timestamp(),
  },
  compute: sql`
    select
      product_id,
      nullif(upper(trim(sku)), '') as sku,
      coalesce(nullif(trim(name), ''), product_id) as product_name,
      coalesce(nullif(lower(trim(category)), ''), 'uncategorised') as category,
      try_cast(price as decimal(12, 2)) as list_price,
      coalesce(is_active, false) as is_active,
      attributes,
      coalesce(updated_at, _loaded_at) as updated_at
    from ${ref(rawProducts)}
    qualify row_number() over (partition by product_id order by _loaded_at desc, updated_at desc nulls last) = 1`,
  checks: (c) => [
    c.unique("sku", { severity: "warn" }),
    c.range("list_price", { min: 0, max: 10_000 }),
    c.sql("active_products_have_a_price", sql`select * from ${self} where is_active and list_price is null`, {
      description: "A listed product without a readable price cannot be sold",
    }),
    c.rowCount({ min: 1 }),
  ],
  schedule: eager(),
  // On a cloud engine (EMR in prod, BigQuery on GCP): a stuck run is stopped, an oversized scan refused.
  costGuard: { maxRuntime: "1h", maxBytesBilled: "50GB" },
  freshness: maxLag({ failAfter: "12h" }),
});
