-- parses as spark
SELECT
  o.order_id
FROM `lf_clean__orders` AS o
JOIN (
  SELECT
    order_id,
    SUM(net_amount) AS lines_net
  FROM `lf_clean__order_items__staged`
  GROUP BY
    order_id
) AS l
  ON l.order_id = o.order_id
WHERE
  ABS(o.net_amount - l.lines_net) > 0.01
