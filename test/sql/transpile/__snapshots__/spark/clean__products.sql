-- parses as spark
SELECT
  product_id,
  sku,
  product_name,
  category,
  list_price,
  is_active,
  attributes,
  updated_at
FROM (
  SELECT
    product_id,
    NULLIF(UPPER(TRIM(sku)), '') AS sku,
    COALESCE(NULLIF(TRIM(name), ''), product_id) AS product_name,
    COALESCE(NULLIF(LOWER(TRIM(category)), ''), 'uncategorised') AS category,
    TRY_CAST(price AS DECIMAL(12, 2)) AS list_price,
    COALESCE(is_active, FALSE) AS is_active,
    attributes,
    COALESCE(updated_at, _loaded_at) AS updated_at,
    ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY _loaded_at DESC, updated_at DESC NULLS LAST) AS _w
  FROM `lf_raw__products`
) AS _t
WHERE
  _w = 1
