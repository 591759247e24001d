-- scan
-- params: ["new","paid","shipped",0,10000,"2024-01-01","2030-01-01T00:00:00Z","^[a-z0-9._]+@[a-z0-9.-]+$"]
select
  count(*) as row_count,
  count_if(`order_id` is null) as c0,
  count_if(`customer_id` is null or `status` is null) as c1,
  count_if(`status` is not null and `status` not in (:p0, :p1, :p2)) as c4,
  count_if(`amount` is not null and (`amount` < :p3 or `amount` > :p4)) as c6,
  count_if(`ordered_on` is not null and (`ordered_on` <= cast(:p5 as DATE))) as c7,
  count_if(`created_at` is not null and (`created_at` > cast(:p6 as TIMESTAMP))) as c8,
  count_if(`email` is not null and not (`email` rlike :p7)) as c9,
  unix_millis(cast(max(`created_at`) as TIMESTAMP)) as c12,
  count(*) - count(`order_id`) as p0_nulls,
  approx_count_distinct(`order_id`) as p0_distinct,
  cast(min(`order_id`) as DOUBLE) as p0_min,
  cast(max(`order_id`) as DOUBLE) as p0_max,
  avg(cast(`order_id` as DOUBLE)) as p0_mean,
  stddev_samp(cast(`order_id` as DOUBLE)) as p0_stddev,
  percentile_approx(cast(`order_id` as DOUBLE), array(0.25, 0.5, 0.75)) as p0_quantiles,
  count(*) - count(`line`) as p1_nulls,
  approx_count_distinct(`line`) as p1_distinct,
  cast(min(`line`) as DOUBLE) as p1_min,
  cast(max(`line`) as DOUBLE) as p1_max,
  avg(cast(`line` as DOUBLE)) as p1_mean,
  stddev_samp(cast(`line` as DOUBLE)) as p1_stddev,
  percentile_approx(cast(`line` as DOUBLE), array(0.25, 0.5, 0.75)) as p1_quantiles,
  count(*) - count(`customer_id`) as p2_nulls,
  approx_count_distinct(`customer_id`) as p2_distinct,
  cast(min(`customer_id`) as STRING) as p2_min,
  cast(max(`customer_id`) as STRING) as p2_max,
  min(char_length(`customer_id`)) as p2_min_length,
  max(char_length(`customer_id`)) as p2_max_length,
  count(*) - count(`status`) as p3_nulls,
  approx_count_distinct(`status`) as p3_distinct,
  cast(min(`status`) as STRING) as p3_min,
  cast(max(`status`) as STRING) as p3_max,
  min(char_length(`status`)) as p3_min_length,
  max(char_length(`status`)) as p3_max_length,
  count(*) - count(`email`) as p4_nulls,
  approx_count_distinct(`email`) as p4_distinct,
  cast(min(`email`) as STRING) as p4_min,
  cast(max(`email`) as STRING) as p4_max,
  min(char_length(`email`)) as p4_min_length,
  max(char_length(`email`)) as p4_max_length,
  count(*) - count(`amount`) as p5_nulls,
  cast(min(`amount`) as DOUBLE) as p5_min,
  cast(max(`amount`) as DOUBLE) as p5_max,
  avg(cast(`amount` as DOUBLE)) as p5_mean,
  stddev_samp(cast(`amount` as DOUBLE)) as p5_stddev,
  percentile_approx(cast(`amount` as DOUBLE), array(0.25, 0.5, 0.75)) as p5_quantiles,
  count(*) - count(`discount`) as p6_nulls,
  cast(min(`discount`) as DOUBLE) as p6_min,
  cast(max(`discount`) as DOUBLE) as p6_max,
  avg(cast(`discount` as DOUBLE)) as p6_mean,
  stddev_samp(cast(`discount` as DOUBLE)) as p6_stddev,
  percentile_approx(cast(`discount` as DOUBLE), array(0.25, 0.5, 0.75)) as p6_quantiles,
  count(*) - count(`ordered_on`) as p7_nulls,
  cast(min(`ordered_on`) as STRING) as p7_min,
  cast(max(`ordered_on`) as STRING) as p7_max,
  count(*) - count(`created_at`) as p8_nulls,
  cast(min(`created_at`) as STRING) as p8_min,
  cast(max(`created_at`) as STRING) as p8_max,
  count(*) - count(`paid`) as p9_nulls,
  approx_count_distinct(`paid`) as p9_distinct,
  count(*) - count(`attributes`) as p10_nulls
from `staging`.`clean__orders__v42` as staged;

-- not_null_order_id: failing sample
-- params: []
select * from `staging`.`clean__orders__v42` as staged where `order_id` is null limit 5;

-- not_null_customer_id_status: failing sample
-- params: []
select * from `staging`.`clean__orders__v42` as staged where `customer_id` is null or `status` is null limit 5;

-- unique_order_id: query
-- params: []
select count(*) as duplicated_keys, coalesce(sum(n), 0) as duplicated_rows from (select `order_id`, count(*) as n from `staging`.`clean__orders__v42` where `order_id` is not null group by `order_id` having count(*) > 1) as duplicates;

-- unique_order_id: failing sample
-- params: []
select * from `staging`.`clean__orders__v42` as staged where `order_id` in (select `order_id` from (select `order_id`, count(*) as n from `staging`.`clean__orders__v42` where `order_id` is not null group by `order_id` having count(*) > 1) as duplicates) limit 5;

-- unique_order_id_line: query
-- params: []
select count(*) as duplicated_keys, coalesce(sum(n), 0) as duplicated_rows from (select `order_id`, `line`, count(*) as n from `staging`.`clean__orders__v42` where `order_id` is not null and `line` is not null group by `order_id`, `line` having count(*) > 1) as duplicates;

-- unique_order_id_line: failing sample
-- params: []
select * from `staging`.`clean__orders__v42` as staged where exists (select 1 from (select `order_id`, `line`, count(*) as n from `staging`.`clean__orders__v42` where `order_id` is not null and `line` is not null group by `order_id`, `line` having count(*) > 1) as duplicates where duplicates.`order_id` = staged.`order_id` and duplicates.`line` = staged.`line`) limit 5;

-- accepted_values_status: failing sample
-- params: ["new","paid","shipped"]
select * from `staging`.`clean__orders__v42` as staged where `status` is not null and `status` not in (:p0, :p1, :p2) limit 5;

-- relationships_customer_id: query
-- params: []
select count(*) as failing from (select s.* from `staging`.`clean__orders__v42` as s where s.`customer_id` is not null and not exists (select 1 from `clean`.`customers` as t where t.`customer_id` = s.`customer_id`)) as orphans;

-- relationships_customer_id: failing sample
-- params: []
select s.* from `staging`.`clean__orders__v42` as s where s.`customer_id` is not null and not exists (select 1 from `clean`.`customers` as t where t.`customer_id` = s.`customer_id`) limit 5;

-- range_amount: failing sample
-- params: [0,10000]
select * from `staging`.`clean__orders__v42` as staged where `amount` is not null and (`amount` < :p0 or `amount` > :p1) limit 5;

-- range_ordered_on: failing sample
-- params: ["2024-01-01"]
select * from `staging`.`clean__orders__v42` as staged where `ordered_on` is not null and (`ordered_on` <= cast(:p0 as DATE)) limit 5;

-- range_created_at: failing sample
-- params: ["2030-01-01T00:00:00Z"]
select * from `staging`.`clean__orders__v42` as staged where `created_at` is not null and (`created_at` > cast(:p0 as TIMESTAMP)) limit 5;

-- regex_email: failing sample
-- params: ["^[a-z0-9._]+@[a-z0-9.-]+$"]
select * from `staging`.`clean__orders__v42` as staged where `email` is not null and not (`email` rlike :p0) limit 5;

-- no_vip_refunds: query (in the partitions' time zone)
-- params: ["2024-02-29T15:00:00.000Z","2024-03-01T15:00:00.000Z"]
select count(*) as failing from (
select o.* from `staging`.`clean__orders__v42` as o join `clean`.`customers` as c on c.customer_id = o.customer_id where c.vip and o.amount < 0 and o.created_at >= :p0 and o.created_at < :p1
) as failing_rows;

-- no_vip_refunds: failing sample (in the partitions' time zone)
-- params: ["2024-02-29T15:00:00.000Z","2024-03-01T15:00:00.000Z"]
select * from (
select o.* from `staging`.`clean__orders__v42` as o join `clean`.`customers` as c on c.customer_id = o.customer_id where c.vip and o.amount < 0 and o.created_at >= :p0 and o.created_at < :p1
) as failing_rows limit 5;
