-- parses as bigquery
SELECT
  *
FROM `your-gcp-project.curated.daily_revenue__staged`
WHERE
  net_revenue <> gross_revenue - discounts
