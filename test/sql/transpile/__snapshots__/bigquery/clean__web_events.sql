-- ✗ Asset "clean/web_events": its SQL uses `timezone(zone, ts)`, which polyglot does not translate to BigQuery. Fix: use datetime(ts, zone), or date(ts, zone) for the day, or give a per-engine override with sql.for({ bigquery: sql`…` }).
WITH latest AS (
  SELECT
    *
  FROM `your-gcp-project.raw.web_events`
  WHERE
    occurred_at >= @p0 AND occurred_at < @p1 AND NOT event_type IS NULL AND NOT session_id IS NULL
  QUALIFY
    ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY _loaded_at DESC) = 1
)
SELECT
  event_id,
  LOWER(TRIM(event_type)) AS event_type,
  session_id,
  COALESCE(anonymous_id, 'session:' || session_id) AS visitor_id,
  customer_id,
  occurred_at,
  CAST(timezone('UTC', occurred_at) AS DATE) AS event_date,
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
