-- parses as spark
WITH paid AS (
  SELECT
    customer_id,
    COUNT(*) AS orders_count,
    SUM(net_amount) AS lifetime_revenue,
    MIN(ordered_at) AS first_order_at,
    MAX(ordered_at) AS last_order_at
  FROM `lf_clean__orders`
  WHERE
    is_paid
  GROUP BY
    customer_id
)
SELECT
  c.customer_id,
  c.country_code,
  c.acquisition_channel,
  c.created_at AS signed_up_at,
  p.first_order_at,
  p.last_order_at,
  COALESCE(p.orders_count, 0) AS orders_count,
  COALESCE(p.lifetime_revenue, 0) AS lifetime_revenue,
  CAST(p.lifetime_revenue / p.orders_count AS DECIMAL(12, 2)) AS average_order_value,
  DATEDIFF(DAY, CAST(FROM_UTC_TIMESTAMP(p.last_order_at, 'UTC') AS DATE), CURRENT_DATE) AS days_since_last_order,
  CASE
    WHEN p.customer_id IS NULL
    THEN 'prospect'
    WHEN p.first_order_at >= CURRENT_TIMESTAMP() - INTERVAL '30' DAY
    THEN 'new'
    WHEN p.last_order_at >= CURRENT_TIMESTAMP() - INTERVAL '90' DAY
    THEN 'active'
    WHEN p.last_order_at >= CURRENT_TIMESTAMP() - INTERVAL '180' DAY
    THEN 'at_risk'
    ELSE 'lapsed'
  END AS segment
FROM `lf_clean__customers` AS c
LEFT JOIN paid AS p
  ON p.customer_id = c.customer_id
