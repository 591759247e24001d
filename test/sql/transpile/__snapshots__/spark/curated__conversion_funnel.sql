-- parses as spark
WITH events AS (
  SELECT
    session_id,
    event_type,
    order_id,
    FIRST_VALUE(device_type) OVER (PARTITION BY session_id ORDER BY occurred_at NULLS LAST) AS device_type /* A session counts under the device of its first event. */
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
    e.device_type,
    COUNT_IF(e.event_type = 'product_viewed') > 0 AS viewed_product,
    COUNT_IF(e.event_type = 'added_to_cart') > 0 AS added_to_cart,
    COUNT_IF(e.event_type = 'checkout_started') > 0 AS started_checkout,
    COUNT_IF(e.event_type = 'checkout_completed' AND NOT p.order_id IS NULL) > 0 AS ordered
  FROM events AS e
  LEFT JOIN paid_orders AS p
    ON p.order_id = e.order_id
  GROUP BY
    e.session_id,
    e.device_type
)
SELECT
  CAST('2024-01-02' AS DATE) AS funnel_date,
  device_type,
  COUNT(*) AS sessions,
  COUNT_IF(viewed_product) AS product_view_sessions,
  COUNT_IF(viewed_product AND added_to_cart) AS add_to_cart_sessions,
  COUNT_IF(viewed_product AND added_to_cart AND started_checkout) AS checkout_sessions,
  COUNT_IF(viewed_product AND added_to_cart AND started_checkout AND ordered) AS purchase_sessions,
  COUNT_IF(ordered) AS ordering_sessions,
  COUNT_IF(viewed_product AND added_to_cart AND started_checkout AND ordered) / COUNT(*) AS conversion_rate
FROM sessions
GROUP BY
  device_type
