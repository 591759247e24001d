-- parses as bigquery
SELECT
  *
FROM `your-gcp-project.curated.daily_revenue__staged`
WHERE
  paid_orders + cancelled_orders + refunded_orders > orders_placed OR paying_customers > paid_orders
