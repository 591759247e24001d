-- parses as spark
SELECT
  *
FROM `lf_clean__orders__staged`
WHERE
  ABS(total_amount - (
    subtotal_amount - discount_amount + shipping_amount + tax_amount
  )) > 0.01
