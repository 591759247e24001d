import { col, cron, fileDrop, maxLag, source } from "lakeform";
import { appTableOrFiles } from "./app-database.ts";

/**
 * The product catalogue, exported as a full JSON-lines snapshot every six hours by the
 * merchandising tool — or, with `LAKEFORM_SOURCE_PG_URL` set, a snapshot of the app database's
 * `products` table each run. Prices arrive as text.
 */
export const rawProducts = source("raw/products", {
  description: "Full snapshots of the product catalogue from the merchandising tool, as landed.",
  owners: ["team:data-eng"],
  group: "product",
  tags: ["snapshot"],
  from: appTableOrFiles("raw/products", "products", fileDrop({ format: "jsonl", pattern: "products/*.jsonl" })),
  columns: {
    product_id: col.string(),
    sku: col.string().nullable().describe("Warehouse stock-keeping unit"),
    name: col.string().nullable(),
    category: col.string().nullable().describe("Top-level category, in varying case"),
    price: col.string().nullable().describe('List price as text, e.g. "19.90"'),
    currency: col.string().nullable(),
    is_active: col.boolean().nullable().describe("Listed in the shop"),
    attributes: col.json().nullable().describe("Free-form attributes: size, colour, material"),
    updated_at: col.timestamp().nullable(),
  },
  // A year of snapshots: order history keeps finding products that have since been delisted.
  retentionDays: 365,
  checks: (c) => [
    c.rowCount({ min: 1 }, { description: "An empty catalogue export would delist every product downstream" }),
    c.notNull("product_id"),
    c.regex("price", /^[0-9]+(\.[0-9]{1,2})?$/, { severity: "warn", description: "Prices are decimal text with at most two decimals" }),
    c.regex("sku", /^[A-Z0-9][A-Z0-9-]*$/, { severity: "warn" }),
    c.acceptedValues("currency", ["EUR"], { severity: "warn", description: "The shop sells in euros only" }),
  ],
  schedule: cron("0 */6 * * *"),
  freshness: maxLag({ failAfter: "12h" }),
});
