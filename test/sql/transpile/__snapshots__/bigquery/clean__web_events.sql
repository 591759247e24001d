-- parses as bigquery
WITH versions AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY _loaded_at DESC) AS version_rank
  FROM `your-gcp-project.raw.web_events`
  WHERE
    occurred_at >= @p0 AND occurred_at < @p1 AND NOT event_type IS NULL AND NOT session_id IS NULL
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
  COALESCE(anonymous_id, 'session:' || session_id) AS visitor_id,
  customer_id,
  occurred_at,
  CAST(TIMESTAMP(DATETIME(occurred_at, 'UTC')) AS DATE) AS event_date,
  page_path,
  JSON_EXTRACT_SCALAR(properties, '$.product_id') AS product_id,
  JSON_EXTRACT_SCALAR(properties, '$.order_id') AS order_id,
  nullif(LOWER(TRIM(utm_source)), '') AS utm_source,
  nullif(LOWER(TRIM(utm_medium)), '') AS utm_medium,
  nullif(TRIM(utm_campaign), '') AS utm_campaign,
  CASE
    WHEN LOWER(device_type) IN ('desktop', 'mobile', 'tablet')
    THEN LOWER(device_type)
    ELSE 'unknown'
  END AS device_type,
  COALESCE(REGEXP_CONTAINS(user_agent, '(?i)(bot|crawler|spider|headless)'), FALSE) AS is_bot
FROM latest
