import { col, cron, daily, fileDrop, maxLag, source, sql, self } from "lakeform";
import { LATE_ARRIVAL_DAYS } from "../late-arrivals.ts";
import { appTableOrFiles, fromAppDatabase } from "./app-database.ts";

/**
 * Orders exported hourly by the shop backend, landed as they arrive: one row per export of an
 * order, so an order appears again whenever it changes, and sometimes days late.
 * Partitioned by landing day; `clean/orders` de-duplicates it. With `LAKEFORM_SOURCE_PG_URL` set,
 * the rows of the app database's `orders` table changed since the last run instead (a PostgreSQL
 * source is not partitioned: each run extracts what is new).
 */
export const rawOrders = source("raw/orders", {
  description: "Order export of the shop backend, as landed: duplicates, re-sent and late rows included.",
  owners: ["team:data-eng"],
  group: "sales",
  tags: ["finance", "late-arriving"],
  from: appTableOrFiles("raw/orders", "orders", fileDrop({ format: "csv", pattern: "orders/*.csv" }), { cursor: "updated_at", lookback: "10m" }),
  columns: {
    order_id: col.string().describe("Shop order number, e.g. `SO-100234`"),
    customer_id: col.string().nullable().describe("Account that placed the order; guest checkout is not offered"),
    status: col.string().nullable().describe("Free-text status from the backend, in varying case"),
    currency: col.string().nullable(),
    subtotal_amount: col.decimal(12, 2).nullable().describe("Sum of line prices before discount, tax and shipping"),
    discount_amount: col.decimal(12, 2).nullable(),
    shipping_amount: col.decimal(12, 2).nullable(),
    tax_amount: col.decimal(12, 2).nullable(),
    total_amount: col.decimal(12, 2).nullable().describe("What the customer paid: subtotal − discount + shipping + tax"),
    coupon_code: col.string().nullable(),
    channel: col.string().nullable().describe("Storefront the order came through: web, ios or android"),
    ordered_at: col.timestamp().describe("When the order was placed (UTC)"),
    updated_at: col.timestamp().nullable().describe("When the backend last changed the order"),
  },
  ...(fromAppDatabase ? {} : { partitions: daily({ start: "2024-01-01" }) }),
  retentionDays: 90,
  checks: (c) => [
    c.schema({ allowUnexpected: true }, { description: "A column we rely on disappeared from the export" }),
    c.notNull(["order_id", "ordered_at"], { description: "A row without order number or order time cannot be used at all" }),
    c.notNull(["customer_id", "total_amount"], { severity: "warn", name: "not_null_customer_and_total" }),
    c.regex("order_id", /^SO-[0-9]+$/, { severity: "warn" }),
    c.range("total_amount", { min: 0 }, { severity: "warn" }),
    c.range("ordered_at", { min: "2024-01-01" }, { severity: "warn", description: "The shop opened on 2024-01-01" }),
    c.freshness("updated_at", { maxAge: "1d" }, { severity: "warn", description: "The export stopped sending changes" }),
    c.rowCount({ min: 1 }, { severity: "warn" }),
    c.sql(
      "rows_beyond_late_window",
      sql`select * from ${self}
          where date_diff('day', cast(timezone('UTC', ordered_at) as date), cast(timezone('UTC', _loaded_at) as date)) > ${LATE_ARRIVAL_DAYS}`,
      { severity: "warn", description: "Rows that landed too late for clean/orders to pick them up: backfill their order day" },
    ),
  ],
  schedule: cron("15 * * * *"),
  freshness: maxLag({ warnAfter: "2h", failAfter: "4h" }),
});
