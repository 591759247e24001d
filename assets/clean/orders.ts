import { asset, col, daily, eager, maxLag, partitionEnd, partitionStart, ref, self, sql } from "lakeform";
import { withLateArrivals } from "../late-arrivals.ts";
import { fromAppDatabase } from "../raw/app-database.ts";
import { rawOrders } from "../raw/orders.ts";
import { cleanCustomers } from "./customers.ts";

/**
 * One row per order, in its latest exported state, partitioned by the day it was placed.
 * The single definition of a paid order (`is_paid`) that every revenue figure uses.
 */
export const cleanOrders = asset("clean/orders", {
  description: "Orders de-duplicated to their latest version, typed and normalised; one partition per order day (UTC).",
  owners: ["team:data-eng"],
  group: "sales",
  tags: ["finance"],
  columns: {
    order_id: col.string().primaryKey(),
    customer_id: col.string(),
    status: col.string().describe("pending, paid, shipped, delivered, cancelled or refunded"),
    is_paid: col.boolean().describe("Paid, shipped or delivered: counts as revenue"),
    currency: col.string(),
    subtotal_amount: col.decimal(12, 2),
    discount_amount: col.decimal(12, 2),
    shipping_amount: col.decimal(12, 2),
    tax_amount: col.decimal(12, 2),
    total_amount: col.decimal(12, 2).describe("What the customer paid, in EUR"),
    net_amount: col.decimal(12, 2).describe("Merchandise revenue: subtotal − discount, without shipping and tax, in EUR"),
    coupon_code: col.string().nullable(),
    channel: col.string(),
    ordered_at: col.timestamp(),
    order_date: col.date().describe("The UTC day the order was placed: the partition"),
    updated_at: col.timestamp(),
  },
  partitions: daily({ start: "2024-01-01" }),
  compute: sql`
    with versions as (
      select
        *,
        row_number() over (partition by order_id order by _loaded_at desc, updated_at desc nulls last) as version_rank
      from ${fromAppDatabase ? ref(rawOrders) : ref(rawOrders, { partitions: withLateArrivals })}
      where ordered_at >= ${partitionStart} and ordered_at < ${partitionEnd}
    ),
    latest as (
      select * from versions where version_rank = 1
    ),
    typed as (
      select
        *,
        case lower(trim(status))
          when 'canceled' then 'cancelled'
          when 'completed' then 'delivered'
          else lower(trim(status))
        end as order_status
      from latest
      where customer_id is not null and total_amount is not null and status is not null
    )
    select
      order_id,
      customer_id,
      order_status as status,
      order_status in ('paid', 'shipped', 'delivered') as is_paid,
      upper(trim(currency)) as currency,
      coalesce(subtotal_amount, 0) as subtotal_amount,
      coalesce(discount_amount, 0) as discount_amount,
      coalesce(shipping_amount, 0) as shipping_amount,
      coalesce(tax_amount, 0) as tax_amount,
      total_amount,
      cast(coalesce(subtotal_amount, 0) - coalesce(discount_amount, 0) as decimal(12, 2)) as net_amount,
      nullif(upper(trim(coupon_code)), '') as coupon_code,
      coalesce(nullif(lower(trim(channel)), ''), 'web') as channel,
      ordered_at,
      cast(ordered_at at time zone 'UTC' as date) as order_date,
      coalesce(updated_at, ordered_at) as updated_at
    from typed`,
  checks: (c) => [
    c.acceptedValues("status", ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"], {
      description: "An unknown status would silently fall out of revenue: map it in the SQL first",
    }),
    c.acceptedValues("currency", ["EUR"], { description: "Revenue is reported in euros; another currency needs conversion first" }),
    c.acceptedValues("channel", ["web", "ios", "android"], { severity: "warn" }),
    c.range("total_amount", { min: 0 }),
    c.range("discount_amount", { min: 0 }),
    c.range("order_date", { min: "2024-01-01" }),
    c.regex("coupon_code", /^[A-Z0-9_-]{3,32}$/, { severity: "warn" }),
    c.relationships("customer_id", { asset: cleanCustomers, column: "customer_id" }, {
      severity: "warn",
      description: "Accounts created since the last nightly CRM export, or erased since, are not in clean/customers yet",
    }),
    c.sql(
      "total_reconciles",
      sql`select * from ${self}
          where abs(total_amount - (subtotal_amount - discount_amount + shipping_amount + tax_amount)) > 0.01`,
      { description: "The total is subtotal − discount + shipping + tax, to the cent" },
    ),
    c.sql("discount_within_subtotal", sql`select * from ${self} where discount_amount > subtotal_amount`, { severity: "warn" }),
  ],
  schedule: eager(),
  // On a cloud engine (EMR in prod, BigQuery on GCP): a stuck run is stopped, an oversized scan refused.
  costGuard: { maxRuntime: "1h", maxBytesBilled: "50GB" },
  freshness: maxLag({ warnAfter: "3h", failAfter: "6h" }),
});
