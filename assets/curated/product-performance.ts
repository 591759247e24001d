import { asset, col, cron, cronDeadline, daily, partitionEnd, partitionKey, partitionStart, ref, self, sql } from "lakeform";
import { cleanOrderItems } from "../clean/order-items.ts";
import { cleanOrders } from "../clean/orders.ts";
import { cleanProducts } from "../clean/products.ts";
import { cleanWebEvents } from "../clean/web-events.ts";

/**
 * Views, orders, units and revenue per product and UTC day, for the product team's
 * Monday review and for merchandising decisions.
 */
export const productPerformance = asset("curated/product_performance", {
  description: "Per product and UTC day: product views, paid orders, units sold and net revenue in EUR.",
  owners: ["team:product", "team:analytics"],
  group: "product",
  tags: ["kpi"],
  columns: {
    sales_date: col.date().primaryKey(),
    product_id: col.string().primaryKey(),
    product_name: col.string().nullable().describe("Null for products missing from the catalogue"),
    category: col.string(),
    product_views: col.int64().describe("Product page views by people, bots excluded"),
    viewing_sessions: col.int64(),
    orders_count: col.int64().describe("Paid orders containing the product"),
    units_sold: col.int64(),
    net_revenue: col.decimal(14, 2),
  },
  partitions: daily({ start: "2024-01-01" }),
  compute: sql`
    with sales as (
      select
        i.product_id,
        count(distinct i.order_id) as orders_count,
        sum(i.quantity) as units_sold,
        sum(i.net_amount) as net_revenue
      from ${ref(cleanOrderItems)} i
      join ${ref(cleanOrders)} o on o.order_id = i.order_id
      where i.ordered_at >= ${partitionStart} and i.ordered_at < ${partitionEnd} and o.is_paid
      group by i.product_id
    ),
    views as (
      select product_id, count(*) as product_views, count(distinct session_id) as viewing_sessions
      from ${ref(cleanWebEvents)}
      where occurred_at >= ${partitionStart} and occurred_at < ${partitionEnd}
        and event_type = 'product_viewed' and product_id is not null and not is_bot
      group by product_id
    )
    select
      cast(${partitionKey} as date) as sales_date,
      coalesce(s.product_id, v.product_id) as product_id,
      p.product_name,
      coalesce(p.category, 'unknown') as category,
      coalesce(v.product_views, 0) as product_views,
      coalesce(v.viewing_sessions, 0) as viewing_sessions,
      coalesce(s.orders_count, 0) as orders_count,
      coalesce(s.units_sold, 0) as units_sold,
      coalesce(s.net_revenue, 0) as net_revenue
    from sales s
    full join views v on v.product_id = s.product_id
    left join ${ref(cleanProducts)} p on p.product_id = coalesce(s.product_id, v.product_id)`,
  checks: (c) => [
    c.relationships("product_id", { asset: cleanProducts, column: "product_id" }, { severity: "warn" }),
    c.range("units_sold", { min: 0 }),
    c.range("net_revenue", { min: 0 }),
    c.sql("rows_have_views_or_sales", sql`select * from ${self} where product_views = 0 and units_sold = 0`),
    c.sql("units_cover_orders", sql`select * from ${self} where units_sold < orders_count`),
    c.volumeAnomaly(
      { stddevs: 3, lookback: 8, sameWeekday: true, minHistory: 4 },
      { severity: "warn", description: "Products seen or sold per day, against the same weekday of the last eight weeks" },
    ),
  ],
  schedule: cron("30 6 * * *", { timezone: "Europe/Berlin" }),
  // On a cloud engine (EMR in prod, BigQuery on GCP): a stuck run is stopped, an oversized scan refused.
  costGuard: { maxRuntime: "1h", maxBytesBilled: "50GB" },
  freshness: cronDeadline({ cron: "0 9 * * 1", window: "1d", timezone: "Europe/Berlin" }),
});
