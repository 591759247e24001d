-- parses as spark
SELECT
  *
FROM `lf_clean__web_events__staged`
WHERE
  event_type = 'checkout_completed' AND order_id IS NULL
