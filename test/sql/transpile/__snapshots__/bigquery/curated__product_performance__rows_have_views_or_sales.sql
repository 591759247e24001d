-- parses as bigquery
SELECT
  *
FROM `your-gcp-project.curated.product_performance__staged`
WHERE
  product_views = 0 AND units_sold = 0
