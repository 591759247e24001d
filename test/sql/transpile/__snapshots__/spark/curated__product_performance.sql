-- parses as spark
WITH sales AS (
  SELECT
    i.product_id,
    COUNT(DISTINCT i.order_id) AS orders_count,
    SUM(i.quantity) AS units_sold,
    SUM(i.net_amount) AS net_revenue
  FROM `lf_clean__order_items` AS i
  JOIN `lf_clean__orders` AS o
    ON o.order_id = i.order_id
  WHERE
    i.ordered_at >= TIMESTAMP '2024-01-02 00:00:00' AND i.ordered_at < TIMESTAMP '2024-01-03 00:00:00' AND o.is_paid
  GROUP BY
    i.product_id
), views AS (
  SELECT
    product_id,
    COUNT(*) AS product_views,
    COUNT(DISTINCT session_id) AS viewing_sessions
  FROM `lf_clean__web_events`
  WHERE
    occurred_at >= TIMESTAMP '2024-01-02 00:00:00' AND occurred_at < TIMESTAMP '2024-01-03 00:00:00' AND event_type = 'product_viewed' AND NOT product_id IS NULL AND NOT is_bot
  GROUP BY
    product_id
)
SELECT
  CAST('2024-01-02' AS DATE) AS sales_date,
  COALESCE(s.product_id, v.product_id) AS product_id,
  p.product_name,
  COALESCE(p.category, 'unknown') AS category,
  COALESCE(v.product_views, 0) AS product_views,
  COALESCE(v.viewing_sessions, 0) AS viewing_sessions,
  COALESCE(s.orders_count, 0) AS orders_count,
  COALESCE(s.units_sold, 0) AS units_sold,
  COALESCE(s.net_revenue, 0) AS net_revenue
FROM sales AS s
FULL JOIN views AS v
  ON v.product_id = s.product_id
LEFT JOIN `lf_clean__products` AS p
  ON p.product_id = COALESCE(s.product_id, v.product_id)
