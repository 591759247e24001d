-- parses as bigquery
SELECT
  o.order_id
FROM `your-gcp-project.clean.orders` AS o
JOIN (
  SELECT
    order_id,
    sum(net_amount) AS lines_net
  FROM `your-gcp-project.clean.order_items__staged`
  GROUP BY
    order_id
) AS l
  ON l.order_id = o.order_id
WHERE
  ABS(o.net_amount - l.lines_net) > 0.01
