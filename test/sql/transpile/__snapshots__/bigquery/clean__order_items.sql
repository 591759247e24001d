-- parses as bigquery
WITH versions AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY order_id, line_number ORDER BY _loaded_at DESC) AS version_rank
  FROM `your-gcp-project.raw.order_items`
), latest AS (
  SELECT
    *
  FROM versions
  WHERE
    version_rank = 1
)
SELECT
  i.order_id,
  i.line_number,
  i.product_id,
  i.quantity,
  i.unit_price,
  COALESCE(i.discount_amount, 0) AS discount_amount,
  CAST(i.quantity * i.unit_price - COALESCE(i.discount_amount, 0) AS NUMERIC) AS net_amount,
  o.ordered_at,
  o.order_date
FROM latest AS i
JOIN `your-gcp-project.clean.orders` AS o
  ON o.order_id = i.order_id
WHERE
  o.ordered_at >= @p0 AND o.ordered_at < @p1 AND NOT i.product_id IS NULL AND i.quantity > 0 AND NOT i.unit_price IS NULL
