-- parses as bigquery
SELECT
  *
FROM `your-gcp-project.curated.product_performance__staged`
WHERE
  units_sold < orders_count
