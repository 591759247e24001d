import { asset, col, cron, cronDeadline, daily, partitionEnd, partitionKey, partitionStart, ref, self, sql } from "lakeform";
import { cleanOrderItems } from "../clean/order-items.ts";
import { cleanOrders } from "../clean/orders.ts";

/**
 * Revenue per UTC day, in EUR: the number finance reports and the board deck opens with.
 * Ready every weekday by 08:00 Berlin time.
 */
export const dailyRevenue = asset("curated/daily_revenue", {
  description: "Orders and revenue per day (UTC), in EUR. Revenue counts paid, shipped and delivered orders.",
  owners: ["team:analytics", "finance@tinybasket.example"],
  group: "sales",
  tags: ["finance", "kpi"],
  columns: {
    revenue_date: col.date().primaryKey(),
    orders_placed: col.int64().describe("Every order placed that day, whatever its status"),
    paid_orders: col.int64(),
    cancelled_orders: col.int64(),
    refunded_orders: col.int64(),
    paying_customers: col.int64().describe("Distinct customers with a paid order that day"),
    units_sold: col.int64(),
    gross_revenue: col.decimal(14, 2).describe("Sum of paid orders' subtotals, before discounts"),
    discounts: col.decimal(14, 2),
    net_revenue: col.decimal(14, 2).describe("Gross revenue − discounts: merchandise revenue without shipping and tax"),
    shipping_revenue: col.decimal(14, 2),
    tax_collected: col.decimal(14, 2),
    average_order_value: col.decimal(12, 2).nullable().describe("Net revenue per paid order; null on a day without one"),
  },
  partitions: daily({ start: "2024-01-01" }),
  compute: sql`
    with orders as (
      select *
      from ${ref(cleanOrders)}
      where ordered_at >= ${partitionStart} and ordered_at < ${partitionEnd}
    ),
    units as (
      select order_id, sum(quantity) as units
      from ${ref(cleanOrderItems)}
      where ordered_at >= ${partitionStart} and ordered_at < ${partitionEnd}
      group by order_id
    )
    select
      cast(${partitionKey} as date) as revenue_date,
      count(*) as orders_placed,
      count_if(o.is_paid) as paid_orders,
      count_if(o.status = 'cancelled') as cancelled_orders,
      count_if(o.status = 'refunded') as refunded_orders,
      count(distinct case when o.is_paid then o.customer_id end) as paying_customers,
      coalesce(sum(case when o.is_paid then u.units end), 0) as units_sold,
      coalesce(sum(case when o.is_paid then o.subtotal_amount end), 0) as gross_revenue,
      coalesce(sum(case when o.is_paid then o.discount_amount end), 0) as discounts,
      coalesce(sum(case when o.is_paid then o.net_amount end), 0) as net_revenue,
      coalesce(sum(case when o.is_paid then o.shipping_amount end), 0) as shipping_revenue,
      coalesce(sum(case when o.is_paid then o.tax_amount end), 0) as tax_collected,
      cast(sum(case when o.is_paid then o.net_amount end) / nullif(count_if(o.is_paid), 0) as decimal(12, 2)) as average_order_value
    from orders o
    left join units u on u.order_id = o.order_id`,
  checks: (c) => [
    c.range("orders_placed", { min: 1 }, { description: "A day without a single order means the order export broke, not that sales stopped" }),
    c.range("net_revenue", { min: 0 }),
    c.range("average_order_value", { min: 5, max: 2_000 }, { severity: "warn", description: "Far outside the shop's usual basket of 20–200 EUR" }),
    c.range("revenue_date", { min: "2024-01-01" }),
    c.sql("net_is_gross_minus_discounts", sql`select * from ${self} where net_revenue <> gross_revenue - discounts`),
    c.sql(
      "order_counts_add_up",
      sql`select * from ${self} where paid_orders + cancelled_orders + refunded_orders > orders_placed or paying_customers > paid_orders`,
    ),
  ],
  schedule: cron("0 6 * * *", { timezone: "Europe/Berlin" }),
  // On a cloud engine (EMR in prod, BigQuery on GCP): a stuck run is stopped, an oversized scan refused.
  costGuard: { maxRuntime: "1h", maxBytesBilled: "50GB" },
  freshness: cronDeadline({ cron: "0 8 * * 1-5", window: "3h", timezone: "Europe/Berlin" }),
});
