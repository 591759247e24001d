-- parses as spark
WITH versions AS (
  SELECT
    *,
    MIN(created_at) OVER (PARTITION BY customer_id) AS first_created_at,
    MIN(_loaded_at) OVER (PARTITION BY customer_id) AS first_landed_at,
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY _loaded_at DESC, updated_at DESC NULLS LAST) AS version_rank,
    MAX(_loaded_at) OVER () AS newest_snapshot_at
  FROM `lf_raw__customers`
), latest AS (
  SELECT
    *
  FROM versions
  WHERE
    version_rank = 1 AND _loaded_at = newest_snapshot_at
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
