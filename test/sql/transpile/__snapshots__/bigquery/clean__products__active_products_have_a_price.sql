-- parses as bigquery
SELECT
  *
FROM `your-gcp-project.clean.products__staged`
WHERE
  is_active AND list_price IS NULL
