-- ✗ Asset "clean/order_items": its SQL uses `qualify` inside a CTE or sub-query, which Spark SQL does not have (polyglot rewrites only a top-level QUALIFY into a sub-query). Fix: filter on the window function in an outer query — select … from (select …, row_number() over (…) as rn from …) where rn = 1 — or give a per-engine override with sql.for({ spark: sql`…` }).
WITH latest AS (
  SELECT
    *
  FROM `lf_raw__order_items`
  QUALIFY
    ROW_NUMBER() OVER (PARTITION BY order_id, line_number ORDER BY _loaded_at DESC) = 1
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
