-- ✗ Asset "curated/customer_lifetime_value": its SQL uses `timezone(zone, ts)`, which polyglot does not translate to BigQuery. Fix: use datetime(ts, zone), or date(ts, zone) for the day, or give a per-engine override with sql.for({ bigquery: sql`…` }).
-- ✗ Asset "curated/customer_lifetime_value": its SQL uses `date_diff(part, start, end)`, which polyglot does not translate to BigQuery. Fix: write date_diff(end, start, DAY) (BigQuery takes the part last; polyglot keeps DuckDB's order), or give a per-engine override with sql.for({ bigquery: sql`…` }).
WITH paid AS (
  SELECT
    customer_id,
    count(*) AS orders_count,
    sum(net_amount) AS lifetime_revenue,
    min(ordered_at) AS first_order_at,
    max(ordered_at) AS last_order_at
  FROM `your-gcp-project.clean.orders`
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
  CAST(p.lifetime_revenue / NULLIF(p.orders_count, 0) AS NUMERIC) AS average_order_value,
  DATE_DIFF(DAY, CAST(timezone('UTC', p.last_order_at) AS DATE), CURRENT_DATE) AS days_since_last_order,
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
FROM `your-gcp-project.clean.customers` AS c
LEFT JOIN paid AS p
  ON p.customer_id = c.customer_id
