import { allPartitions, asset, col, cron, maxLag, ref, self, sql } from "lakeform";
import { cleanCustomers } from "../clean/customers.ts";
import { cleanOrders } from "../clean/orders.ts";

/**
 * Lifetime revenue and lifecycle segment of every customer account, rebuilt each morning:
 * what CRM campaigns and retention analysis select on.
 */
export const customerLifetimeValue = asset("curated/customer_lifetime_value", {
  description: "One row per customer: paid orders, lifetime net revenue in EUR, recency and lifecycle segment.",
  owners: ["team:analytics"],
  group: "sales",
  tags: ["kpi", "crm"],
  columns: {
    customer_id: col.string().primaryKey(),
    country_code: col.string().nullable(),
    acquisition_channel: col.string(),
    signed_up_at: col.timestamp(),
    first_order_at: col.timestamp().nullable(),
    last_order_at: col.timestamp().nullable(),
    orders_count: col.int64().describe("Paid orders over the customer's lifetime"),
    lifetime_revenue: col.decimal(14, 2).describe("Net revenue of all paid orders, in EUR"),
    average_order_value: col.decimal(12, 2).nullable(),
    days_since_last_order: col.int32().nullable(),
    segment: col.string().describe("prospect (never paid), new (first order < 30 days), active (< 90 days), at_risk (< 180 days) or lapsed"),
  },
  // Written once for DuckDB and Spark; BigQuery gets its own text because its date_diff takes
  // the part last (polyglot keeps DuckDB's order). Its dates and current_date() are in UTC.
  compute: sql.for({
    duckdb: sql`
      with paid as (
        select
          customer_id,
          count(*) as orders_count,
          sum(net_amount) as lifetime_revenue,
          min(ordered_at) as first_order_at,
          max(ordered_at) as last_order_at
        from ${ref(cleanOrders, { partitions: allPartitions() })}
        where is_paid
        group by customer_id
      )
      select
        c.customer_id,
        c.country_code,
        c.acquisition_channel,
        c.created_at as signed_up_at,
        p.first_order_at,
        p.last_order_at,
        coalesce(p.orders_count, 0) as orders_count,
        coalesce(p.lifetime_revenue, 0) as lifetime_revenue,
        cast(p.lifetime_revenue / p.orders_count as decimal(12, 2)) as average_order_value,
        date_diff('day', cast(p.last_order_at at time zone 'UTC' as date), current_date) as days_since_last_order,
        case
          when p.customer_id is null then 'prospect'
          when p.first_order_at >= now() - interval 30 day then 'new'
          when p.last_order_at >= now() - interval 90 day then 'active'
          when p.last_order_at >= now() - interval 180 day then 'at_risk'
          else 'lapsed'
        end as segment
      from ${ref(cleanCustomers)} c
      left join paid p on p.customer_id = c.customer_id`,
    bigquery: sql`
      with paid as (
        select
          customer_id,
          count(*) as orders_count,
          sum(net_amount) as lifetime_revenue,
          min(ordered_at) as first_order_at,
          max(ordered_at) as last_order_at
        from ${ref(cleanOrders, { partitions: allPartitions() })}
        where is_paid
        group by customer_id
      )
      select
        c.customer_id,
        c.country_code,
        c.acquisition_channel,
        c.created_at as signed_up_at,
        p.first_order_at,
        p.last_order_at,
        coalesce(p.orders_count, 0) as orders_count,
        coalesce(p.lifetime_revenue, 0) as lifetime_revenue,
        cast(round(p.lifetime_revenue / p.orders_count, 2) as numeric) as average_order_value,
        date_diff(current_date(), date(p.last_order_at), day) as days_since_last_order,
        case
          when p.customer_id is null then 'prospect'
          when p.first_order_at >= timestamp_sub(current_timestamp(), interval 30 day) then 'new'
          when p.last_order_at >= timestamp_sub(current_timestamp(), interval 90 day) then 'active'
          when p.last_order_at >= timestamp_sub(current_timestamp(), interval 180 day) then 'at_risk'
          else 'lapsed'
        end as segment
      from ${ref(cleanCustomers)} c
      left join paid p on p.customer_id = c.customer_id`,
  }),
  checks: (c) => [
    c.relationships("customer_id", { asset: cleanCustomers, column: "customer_id" }),
    c.acceptedValues("segment", ["prospect", "new", "active", "at_risk", "lapsed"]),
    c.range("lifetime_revenue", { min: 0 }),
    c.range("days_since_last_order", { min: 0 }),
    c.sql(
      "prospects_have_no_orders",
      sql`select * from ${self} where (segment = 'prospect') <> (orders_count = 0) or (orders_count = 0) <> (first_order_at is null)`,
    ),
    c.rowCount({ min: 1 }),
    c.volumeAnomaly({ stddevs: 3, lookback: 14 }, { severity: "warn", description: "The customer base only grows: a drop means a truncated CRM export" }),
  ],
  // 05:00 Berlin, after the nightly CRM export; 25 hours apart across a daylight-saving change.
  schedule: cron("0 5 * * *", { timezone: "Europe/Berlin" }),
  // On a cloud engine (EMR in prod, BigQuery on GCP): a stuck run is stopped, an oversized scan refused.
  costGuard: { maxRuntime: "1h", maxBytesBilled: "50GB" },
  freshness: maxLag({ warnAfter: "26h", failAfter: "30h" }),
});
