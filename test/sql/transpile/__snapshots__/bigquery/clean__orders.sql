-- parses as bigquery
WITH versions AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY _loaded_at DESC, updated_at DESC NULLS LAST) AS version_rank
  FROM `your-gcp-project.raw.orders`
  WHERE
    ordered_at >= @p0 AND ordered_at < @p1
), latest AS (
  SELECT
    *
  FROM versions
  WHERE
    version_rank = 1
), typed AS (
  SELECT
    *,
    CASE LOWER(TRIM(status))
      WHEN 'canceled'
      THEN 'cancelled'
      WHEN 'completed'
      THEN 'delivered'
      ELSE LOWER(TRIM(status))
    END AS order_status
  FROM latest
  WHERE
    NOT customer_id IS NULL AND NOT total_amount IS NULL AND NOT status IS NULL
)
SELECT
  order_id,
  customer_id,
  order_status AS status,
  order_status IN ('paid', 'shipped', 'delivered') AS is_paid,
  UPPER(TRIM(currency)) AS currency,
  COALESCE(subtotal_amount, 0) AS subtotal_amount,
  COALESCE(discount_amount, 0) AS discount_amount,
  COALESCE(shipping_amount, 0) AS shipping_amount,
  COALESCE(tax_amount, 0) AS tax_amount,
  total_amount,
  CAST(COALESCE(subtotal_amount, 0) - COALESCE(discount_amount, 0) AS NUMERIC) AS net_amount,
  nullif(UPPER(TRIM(coupon_code)), '') AS coupon_code,
  COALESCE(nullif(LOWER(TRIM(channel)), ''), 'web') AS channel,
  ordered_at,
  CAST(TIMESTAMP(DATETIME(ordered_at, 'UTC')) AS DATE) AS order_date,
  COALESCE(updated_at, ordered_at) AS updated_at
FROM typed
