-- parses as spark
WITH orders AS (
  SELECT
    *
  FROM `lf_clean__orders`
  WHERE
    ordered_at >= TIMESTAMP '2024-01-02 00:00:00' AND ordered_at < TIMESTAMP '2024-01-03 00:00:00'
), units AS (
  SELECT
    order_id,
    SUM(quantity) AS units
  FROM `lf_clean__order_items`
  WHERE
    ordered_at >= TIMESTAMP '2024-01-02 00:00:00' AND ordered_at < TIMESTAMP '2024-01-03 00:00:00'
  GROUP BY
    order_id
)
SELECT
  CAST('2024-01-02' AS DATE) AS revenue_date,
  COUNT(*) AS orders_placed,
  COUNT_IF(o.is_paid) AS paid_orders,
  COUNT_IF(o.status = 'cancelled') AS cancelled_orders,
  COUNT_IF(o.status = 'refunded') AS refunded_orders,
  COUNT(DISTINCT CASE WHEN o.is_paid THEN o.customer_id END) AS paying_customers,
  COALESCE(SUM(CASE WHEN o.is_paid THEN u.units END), 0) AS units_sold,
  COALESCE(SUM(CASE WHEN o.is_paid THEN o.subtotal_amount END), 0) AS gross_revenue,
  COALESCE(SUM(CASE WHEN o.is_paid THEN o.discount_amount END), 0) AS discounts,
  COALESCE(SUM(CASE WHEN o.is_paid THEN o.net_amount END), 0) AS net_revenue,
  COALESCE(SUM(CASE WHEN o.is_paid THEN o.shipping_amount END), 0) AS shipping_revenue,
  COALESCE(SUM(CASE WHEN o.is_paid THEN o.tax_amount END), 0) AS tax_collected,
  CAST(SUM(CASE WHEN o.is_paid THEN o.net_amount END) / NULLIF(COUNT_IF(o.is_paid), 0) AS DECIMAL(12, 2)) AS average_order_value
FROM orders AS o
LEFT JOIN units AS u
  ON u.order_id = o.order_id
