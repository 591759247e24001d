-- parses as spark
SELECT
  *
FROM `lf_curated__product_performance__staged`
WHERE
  units_sold < orders_count
