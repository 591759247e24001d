-- parses as bigquery
SELECT
  *
FROM `your-gcp-project.clean.orders__staged`
WHERE
  discount_amount > subtotal_amount
