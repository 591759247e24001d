-- parses as bigquery
WITH events AS (
  SELECT
    session_id,
    event_type,
    order_id,
    FIRST_VALUE(device_type) OVER (PARTITION BY session_id ORDER BY occurred_at) AS device_type /* A session counts under the device of its first event. */
  FROM `your-gcp-project.clean.web_events`
  WHERE
    occurred_at >= @p0 AND occurred_at < @p1 AND NOT is_bot
), paid_orders AS (
  /* The checkout event follows the order, so the order may fall on the previous day. */ SELECT
    order_id
  FROM `your-gcp-project.clean.orders`
  WHERE
    is_paid
), sessions AS (
  SELECT
    e.session_id,
    e.device_type,
    COUNTIF(e.event_type = 'product_viewed') > 0 AS viewed_product,
    COUNTIF(e.event_type = 'added_to_cart') > 0 AS added_to_cart,
    COUNTIF(e.event_type = 'checkout_started') > 0 AS started_checkout,
    COUNTIF(e.event_type = 'checkout_completed' AND NOT p.order_id IS NULL) > 0 AS ordered
  FROM events AS e
  LEFT JOIN paid_orders AS p
    ON p.order_id = e.order_id
  GROUP BY
    e.session_id,
    e.device_type
)
SELECT
  CAST(@p2 AS DATE) AS funnel_date,
  device_type,
  count(*) AS sessions,
  COUNTIF(viewed_product) AS product_view_sessions,
  COUNTIF(viewed_product AND added_to_cart) AS add_to_cart_sessions,
  COUNTIF(viewed_product AND added_to_cart AND started_checkout) AS checkout_sessions,
  COUNTIF(viewed_product AND added_to_cart AND started_checkout AND ordered) AS purchase_sessions,
  COUNTIF(ordered) AS ordering_sessions,
  COUNTIF(viewed_product AND added_to_cart AND started_checkout AND ordered) / NULLIF(count(*), 0) AS conversion_rate
FROM sessions
GROUP BY
  device_type
