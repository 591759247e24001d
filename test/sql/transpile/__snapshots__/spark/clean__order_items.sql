-- parses as spark
WITH versions AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY order_id, line_number ORDER BY _loaded_at DESC) AS version_rank
  FROM `lf_raw__order_items`
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
  CAST(i.quantity * i.unit_price - COALESCE(i.discount_amount, 0) AS DECIMAL(12, 2)) AS net_amount,
  o.ordered_at,
  o.order_date
FROM latest AS i
JOIN `lf_clean__orders` AS o
  ON o.order_id = i.order_id
WHERE
  o.ordered_at >= TIMESTAMP '2024-01-02 00:00:00' AND o.ordered_at < TIMESTAMP '2024-01-03 00:00:00' AND NOT i.product_id IS NULL AND i.quantity > 0 AND NOT i.unit_price IS NULL
