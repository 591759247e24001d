-- ✗ Asset "curated/daily_revenue": its SQL uses `count(*) filter (where …)` (12 aggregates with a FILTER clause: count(*), count(distinct …), sum(…)), which BigQuery does not support and polyglot leaves unchanged. Fix: rewrite as countif(...)/sum(if(...)) or give a per-engine override with sql.for({ bigquery: sql`…` }).
WITH orders AS (
  SELECT
    *
  FROM `your-gcp-project.clean.orders`
  WHERE
    ordered_at >= @p0 AND ordered_at < @p1
), units AS (
  SELECT
    order_id,
    sum(quantity) AS units
  FROM `your-gcp-project.clean.order_items`
  WHERE
    ordered_at >= @p2 AND ordered_at < @p3
  GROUP BY
    order_id
)
SELECT
  CAST(@p4 AS DATE) AS revenue_date,
  count(*) AS orders_placed,
  count(*) FILTER(WHERE o.is_paid) AS paid_orders,
  count(*) FILTER(WHERE o.status = 'cancelled') AS cancelled_orders,
  count(*) FILTER(WHERE o.status = 'refunded') AS refunded_orders,
  count(DISTINCT o.customer_id) FILTER(WHERE o.is_paid) AS paying_customers,
  COALESCE(sum(u.units) FILTER(WHERE o.is_paid), 0) AS units_sold,
  COALESCE(sum(o.subtotal_amount) FILTER(WHERE o.is_paid), 0) AS gross_revenue,
  COALESCE(sum(o.discount_amount) FILTER(WHERE o.is_paid), 0) AS discounts,
  COALESCE(sum(o.net_amount) FILTER(WHERE o.is_paid), 0) AS net_revenue,
  COALESCE(sum(o.shipping_amount) FILTER(WHERE o.is_paid), 0) AS shipping_revenue,
  COALESCE(sum(o.tax_amount) FILTER(WHERE o.is_paid), 0) AS tax_collected,
  CAST(sum(o.net_amount) FILTER(WHERE o.is_paid) / nullif(count(*) FILTER(WHERE o.is_paid), 0) AS NUMERIC) AS average_order_value
FROM orders AS o
LEFT JOIN units AS u
  ON u.order_id = o.order_id
