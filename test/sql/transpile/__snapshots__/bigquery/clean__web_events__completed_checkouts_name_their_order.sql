-- parses as bigquery
SELECT
  *
FROM `your-gcp-project.clean.web_events__staged`
WHERE
  event_type = 'checkout_completed' AND order_id IS NULL
