-- parses as bigquery
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
  COUNTIF(o.is_paid) AS paid_orders,
  COUNTIF(o.status = 'cancelled') AS cancelled_orders,
  COUNTIF(o.status = 'refunded') AS refunded_orders,
  count(DISTINCT CASE WHEN o.is_paid THEN o.customer_id END) AS paying_customers,
  COALESCE(sum(CASE WHEN o.is_paid THEN u.units END), 0) AS units_sold,
  COALESCE(sum(CASE WHEN o.is_paid THEN o.subtotal_amount END), 0) AS gross_revenue,
  COALESCE(sum(CASE WHEN o.is_paid THEN o.discount_amount END), 0) AS discounts,
  COALESCE(sum(CASE WHEN o.is_paid THEN o.net_amount END), 0) AS net_revenue,
  COALESCE(sum(CASE WHEN o.is_paid THEN o.shipping_amount END), 0) AS shipping_revenue,
  COALESCE(sum(CASE WHEN o.is_paid THEN o.tax_amount END), 0) AS tax_collected,
  CAST(sum(CASE WHEN o.is_paid THEN o.net_amount END) / nullif(COUNTIF(o.is_paid), 0) AS NUMERIC) AS average_order_value
FROM orders AS o
LEFT JOIN units AS u
  ON u.order_id = o.order_id
