-- parses as spark
SELECT
  *
FROM `lf_curated__daily_revenue__staged`
WHERE
  net_revenue <> gross_revenue - discounts
