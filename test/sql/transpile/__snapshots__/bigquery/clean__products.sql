-- parses as bigquery
SELECT
  product_id,
  nullif(UPPER(TRIM(sku)), '') AS sku,
  COALESCE(nullif(TRIM(name), ''), product_id) AS product_name,
  COALESCE(nullif(LOWER(TRIM(category)), ''), 'uncategorised') AS category,
  SAFE_CAST(price AS NUMERIC) AS list_price,
  COALESCE(is_active, FALSE) AS is_active,
  attributes,
  COALESCE(updated_at, _loaded_at) AS updated_at
FROM `your-gcp-project.raw.products`
QUALIFY
  ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY _loaded_at DESC, updated_at DESC NULLS LAST) = 1
