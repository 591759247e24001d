-- parses as spark
WITH versions AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY _loaded_at DESC) AS version_rank
  FROM `lf_raw__web_events`
  WHERE
    occurred_at >= TIMESTAMP '2024-01-02 00:00:00' AND occurred_at < TIMESTAMP '2024-01-03 00:00:00' AND NOT event_type IS NULL AND NOT session_id IS NULL
), latest AS (
  SELECT
    *
  FROM versions
  WHERE
    version_rank = 1
)
SELECT
  event_id,
  LOWER(TRIM(event_type)) AS event_type,
  session_id,
  COALESCE(anonymous_id, CONCAT('session:', session_id)) AS visitor_id,
  customer_id,
  occurred_at,
  CAST(FROM_UTC_TIMESTAMP(occurred_at, 'UTC') AS DATE) AS event_date,
  page_path,
  GET_JSON_OBJECT(properties, '$.product_id') AS product_id,
  GET_JSON_OBJECT(properties, '$.order_id') AS order_id,
  NULLIF(LOWER(TRIM(utm_source)), '') AS utm_source,
  NULLIF(LOWER(TRIM(utm_medium)), '') AS utm_medium,
  NULLIF(TRIM(utm_campaign), '') AS utm_campaign,
  CASE
    WHEN LOWER(device_type) IN ('desktop', 'mobile', 'tablet')
    THEN LOWER(device_type)
    ELSE 'unknown'
  END AS device_type,
  COALESCE(user_agent RLIKE '(?i)(bot|crawler|spider|headless)', FALSE) AS is_bot
FROM latest
