-- parses as spark
SELECT
  *
FROM `lf_clean__products__staged`
WHERE
  is_active AND list_price IS NULL
