-- parses as spark
SELECT
  *
FROM `lf_curated__product_performance__staged`
WHERE
  product_views = 0 AND units_sold = 0
