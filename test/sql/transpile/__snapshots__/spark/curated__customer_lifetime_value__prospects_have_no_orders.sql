-- parses as spark
SELECT
  *
FROM `lf_curated__customer_lifetime_value__staged`
WHERE
  (
    segment = 'prospect'
  ) <> (
    orders_count = 0
  ) OR (
    orders_count = 0
  ) <> (
    first_order_at IS NULL
  )
