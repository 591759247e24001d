-- parses as spark
SELECT
  *
FROM `lf_curated__conversion_funnel__staged`
WHERE
  product_view_sessions > sessions OR add_to_cart_sessions > product_view_sessions OR checkout_sessions > add_to_cart_sessions OR purchase_sessions > checkout_sessions OR purchase_sessions > ordering_sessions
