-- parses as spark
SELECT
  *
FROM `lf_clean__orders__staged`
WHERE
  discount_amount > subtotal_amount
