-- ✗ Asset "clean/customers": its SQL uses `qualify` inside a CTE or sub-query, which Spark SQL does not have (polyglot rewrites only a top-level QUALIFY into a sub-query). Fix: filter on the window function in an outer query — select … from (select …, row_number() over (…) as rn from …) where rn = 1 — or give a per-engine override with sql.for({ spark: sql`…` }).
WITH latest AS (
  SELECT
    *,
    MIN(created_at) OVER (PARTITION BY customer_id) AS first_created_at,
    MIN(_loaded_at) OVER (PARTITION BY customer_id) AS first_landed_at
  FROM `lf_raw__customers`
  QUALIFY
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY _loaded_at DESC, updated_at DESC NULLS LAST) = 1
)
SELECT
  customer_id,
  email,
  phone,
  NULLIF(UPPER(TRIM(country_code)), '') AS country_code,
  CASE
    WHEN NULLIF(TRIM(acquisition_channel), '') IS NULL
    THEN 'unknown'
    WHEN LOWER(TRIM(acquisition_channel)) IN ('organic_search', 'paid_search', 'paid_social', 'referral', 'email', 'direct')
    THEN LOWER(TRIM(acquisition_channel))
    ELSE 'other'
  END AS acquisition_channel,
  COALESCE(marketing_opt_in, FALSE) AS marketing_opt_in,
  COALESCE(first_created_at, first_landed_at) AS created_at,
  COALESCE(updated_at, created_at, _loaded_at) AS updated_at
FROM latest
WHERE
  NOT COALESCE(is_test_account, FALSE)
