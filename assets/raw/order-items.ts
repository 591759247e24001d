import { col, cron, daily, fileDrop, maxLag, source } from "lakeform";

/**
 * Order lines exported with the orders, landed as they arrive (duplicates and late rows
 * included). Partitioned by landing day; `clean/order_items` de-duplicates it.
 */
export const rawOrderItems = source("raw/order_items", {
  description: "Order lines of the shop backend's order export, as landed.",
  owners: ["team:data-eng"],
  group: "sales",
  tags: ["finance", "late-arriving"],
  from: fileDrop({ format: "csv", pattern: "order_items/*.csv" }),
  columns: {
    order_id: col.string(),
    line_number: col.int32().describe("Position of the line in its order, from 1"),
    product_id: col.string().nullable(),
    quantity: col.int32().nullable(),
    unit_price: col.decimal(12, 2).nullable().describe("List price of one unit when ordered, in EUR"),
    discount_amount: col.decimal(12, 2).nullable().describe("Discount on the whole line, in EUR"),
  },
  partitions: daily({ start: "2024-01-01" }),
  retentionDays: 90,
  checks: (c) => [
    c.notNull(["order_id", "line_number"], { description: "Lines are keyed by order and line number" }),
    c.notNull("product_id", { severity: "warn" }),
    c.range("line_number", { min: 1 }, { severity: "warn" }),
    c.range("quantity", { min: 1, max: 1000 }, { severity: "warn", description: "Zero, negative or bulk quantities point at a backend bug" }),
    c.range("unit_price", { min: 0 }, { severity: "warn" }),
    c.rowCount({ min: 1 }, { severity: "warn" }),
  ],
  schedule: cron("15 * * * *"),
  freshness: maxLag({ warnAfter: "2h", failAfter: "4h" }),
});
