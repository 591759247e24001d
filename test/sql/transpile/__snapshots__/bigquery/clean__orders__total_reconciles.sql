-- parses as bigquery
SELECT
  *
FROM `your-gcp-project.clean.orders__staged`
WHERE
  ABS(total_amount - (
    subtotal_amount - discount_amount + shipping_amount + tax_amount
  )) > 0.01
