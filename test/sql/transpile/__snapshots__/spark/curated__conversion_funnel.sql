-- ✗ Asset "curated/conversion_funnel": its SQL uses `arg_min(…)/arg_max(…)`, which polyglot does not translate to Spark SQL. Fix: use min_by(value, ordering) / max_by(value, ordering), or give a per-engine override with sql.for({ spark: sql`…` }).
WITH events AS (
  SELECT
    *
  FROM `lf_clean__web_events`
  WHERE
    occurred_at >= TIMESTAMP '2024-01-02 00:00:00' AND occurred_at < TIMESTAMP '2024-01-03 00:00:00' AND NOT is_bot
), paid_orders AS (
  /* The checkout event follows the order, so the order may fall on the previous day. */ SELECT
    order_id
  FROM `lf_clean__orders`
  WHERE
    is_paid
), sessions AS (
  SELECT
    e.session_id,
    ARG_MIN(e.device_type, e.occurred_at) AS device_type,
    BOOL_OR(CAST(e.event_type = 'product_viewed' AS BOOLEAN)) AS viewed_product,
    BOOL_OR(CAST(e.event_type = 'added_to_cart' AS BOOLEAN)) AS added_to_cart,
    BOOL_OR(CAST(e.event_type = 'checkout_started' AS BOOLEAN)) AS started_checkout,
    BOOL_OR(CAST(e.event_type = 'checkout_completed' AND NOT p.order_id IS NULL AS BOOLEAN)) AS ordered
  FROM events AS e
  LEFT JOIN paid_orders AS p
    ON p.order_id = e.order_id
  GROUP BY
    e.session_id
)
SELECT
  CAST('2024-01-02' AS DATE) AS funnel_date,
  device_type,
  COUNT(*) AS sessions,
  COUNT(*) FILTER(WHERE viewed_product) AS product_view_sessions,
  COUNT(*) FILTER(WHERE viewed_product AND added_to_cart) AS add_to_cart_sessions,
  COUNT(*) FILTER(WHERE viewed_product AND added_to_cart AND started_checkout) AS checkout_sessions,
  COUNT(*) FILTER(WHERE viewed_product AND added_to_cart AND started_checkout AND ordered) AS purchase_sessions,
  COUNT(*) FILTER(WHERE ordered) AS ordering_sessions,
  COUNT(*) FILTER(WHERE viewed_product AND added_to_cart AND started_checkout AND ordered) / COUNT(*) AS conversion_rate
FROM sessions
GROUP BY
  device_type
