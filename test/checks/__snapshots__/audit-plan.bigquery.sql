-- scan
-- params: ["new","paid","shipped",0,10000,"2024-01-01","2030-01-01T00:00:00Z","^[a-z0-9._]+@[a-z0-9.-]+$"]
select
  count(*) as row_count,
  COUNTIF(`order_id` is null) as c0,
  COUNTIF(`customer_id` is null or `status` is null) as c1,
  COUNTIF(`status` is not null and `status` not in (@p0, @p1, @p2)) as c4,
  COUNTIF(`amount` is not null and (`amount` < @p3 or `amount` > @p4)) as c6,
  COUNTIF(`ordered_on` is not null and (`ordered_on` <= cast(@p5 as DATE))) as c7,
  COUNTIF(`created_at` is not null and (`created_at` > cast(@p6 as TIMESTAMP))) as c8,
  COUNTIF(`email` is not null and not REGEXP_CONTAINS(`email`, @p7)) as c9,
  UNIX_MILLIS(cast(max(`created_at`) as TIMESTAMP)) as c12,
  count(*) - count(`order_id`) as p0_nulls,
  APPROX_COUNT_DISTINCT(`order_id`) as p0_distinct,
  cast(min(`order_id`) as FLOAT64) as p0_min,
  cast(max(`order_id`) as FLOAT64) as p0_max,
  avg(cast(`order_id` as FLOAT64)) as p0_mean,
  stddev_samp(cast(`order_id` as FLOAT64)) as p0_stddev,
  [APPROX_QUANTILES(cast(`order_id` as FLOAT64), 4)[OFFSET(1)], APPROX_QUANTILES(cast(`order_id` as FLOAT64), 4)[OFFSET(2)], APPROX_QUANTILES(cast(`order_id` as FLOAT64), 4)[OFFSET(3)]] as p0_quantiles,
  count(*) - count(`line`) as p1_nulls,
  APPROX_COUNT_DISTINCT(`line`) as p1_distinct,
  cast(min(`line`) as FLOAT64) as p1_min,
  cast(max(`line`) as FLOAT64) as p1_max,
  avg(cast(`line` as FLOAT64)) as p1_mean,
  stddev_samp(cast(`line` as FLOAT64)) as p1_stddev,
  [APPROX_QUANTILES(cast(`line` as FLOAT64), 4)[OFFSET(1)], APPROX_QUANTILES(cast(`line` as FLOAT64), 4)[OFFSET(2)], APPROX_QUANTILES(cast(`line` as FLOAT64), 4)[OFFSET(3)]] as p1_quantiles,
  count(*) - count(`customer_id`) as p2_nulls,
  APPROX_COUNT_DISTINCT(`customer_id`) as p2_distinct,
  cast(min(`customer_id`) as STRING) as p2_min,
  cast(max(`customer_id`) as STRING) as p2_max,
  min(CHAR_LENGTH(`customer_id`)) as p2_min_length,
  max(CHAR_LENGTH(`customer_id`)) as p2_max_length,
  count(*) - count(`status`) as p3_nulls,
  APPROX_COUNT_DISTINCT(`status`) as p3_distinct,
  cast(min(`status`) as STRING) as p3_min,
  cast(max(`status`) as STRING) as p3_max,
  min(CHAR_LENGTH(`status`)) as p3_min_length,
  max(CHAR_LENGTH(`status`)) as p3_max_length,
  count(*) - count(`email`) as p4_nulls,
  APPROX_COUNT_DISTINCT(`email`) as p4_distinct,
  cast(min(`email`) as STRING) as p4_min,
  cast(max(`email`) as STRING) as p4_max,
  min(CHAR_LENGTH(`email`)) as p4_min_length,
  max(CHAR_LENGTH(`email`)) as p4_max_length,
  count(*) - count(`amount`) as p5_nulls,
  cast(min(`amount`) as FLOAT64) as p5_min,
  cast(max(`amount`) as FLOAT64) as p5_max,
  avg(cast(`amount` as FLOAT64)) as p5_mean,
  stddev_samp(cast(`amount` as FLOAT64)) as p5_stddev,
  [APPROX_QUANTILES(cast(`amount` as FLOAT64), 4)[OFFSET(1)], APPROX_QUANTILES(cast(`amount` as FLOAT64), 4)[OFFSET(2)], APPROX_QUANTILES(cast(`amount` as FLOAT64), 4)[OFFSET(3)]] as p5_quantiles,
  count(*) - count(`discount`) as p6_nulls,
  cast(min(`discount`) as FLOAT64) as p6_min,
  cast(max(`discount`) as FLOAT64) as p6_max,
  avg(cast(`discount` as FLOAT64)) as p6_mean,
  stddev_samp(cast(`discount` as FLOAT64)) as p6_stddev,
  [APPROX_QUANTILES(cast(`discount` as FLOAT64), 4)[OFFSET(1)], APPROX_QUANTILES(cast(`discount` as FLOAT64), 4)[OFFSET(2)], APPROX_QUANTILES(cast(`discount` as FLOAT64), 4)[OFFSET(3)]] as p6_quantiles,
  count(*) - count(`ordered_on`) as p7_nulls,
  cast(min(`ordered_on`) as STRING) as p7_min,
  cast(max(`ordered_on`) as STRING) as p7_max,
  count(*) - count(`created_at`) as p8_nulls,
  cast(min(`created_at`) as STRING) as p8_min,
  cast(max(`created_at`) as STRING) as p8_max,
  count(*) - count(`paid`) as p9_nulls,
  APPROX_COUNT_DISTINCT(`paid`) as p9_distinct,
  count(*) - count(`attributes`) as p10_nulls
from `lake-prod.staging.clean__orders__v42` as staged;

-- not_null_order_id: failing sample
-- params: []
select * from `lake-prod.staging.clean__orders__v42` as staged where `order_id` is null limit 5;

-- not_null_customer_id_status: failing sample
-- params: []
select * from `lake-prod.staging.clean__orders__v42` as staged where `customer_id` is null or `status` is null limit 5;

-- unique_order_id: query
-- params: []
select count(*) as duplicated_keys, coalesce(sum(n), 0) as duplicated_rows from (select `order_id`, count(*) as n from `lake-prod.staging.clean__orders__v42` where `order_id` is not null group by `order_id` having count(*) > 1) as duplicates;

-- unique_order_id: failing sample
-- params: []
select * from `lake-prod.staging.clean__orders__v42` as staged where `order_id` in (select `order_id` from (select `order_id`, count(*) as n from `lake-prod.staging.clean__orders__v42` where `order_id` is not null group by `order_id` having count(*) > 1) as duplicates) limit 5;

-- unique_order_id_line: query
-- params: []
select count(*) as duplicated_keys, coalesce(sum(n), 0) as duplicated_rows from (select `order_id`, `line`, count(*) as n from `lake-prod.staging.clean__orders__v42` where `order_id` is not null and `line` is not null group by `order_id`, `line` having count(*) > 1) as duplicates;

-- unique_order_id_line: failing sample
-- params: []
select * from `lake-prod.staging.clean__orders__v42` as staged where exists (select 1 from (select `order_id`, `line`, count(*) as n from `lake-prod.staging.clean__orders__v42` where `order_id` is not null and `line` is not null group by `order_id`, `line` having count(*) > 1) as duplicates where duplicates.`order_id` = staged.`order_id` and duplicates.`line` = staged.`line`) limit 5;

-- accepted_values_status: failing sample
-- params: ["new","paid","shipped"]
select * from `lake-prod.staging.clean__orders__v42` as staged where `status` is not null and `status` not in (@p0, @p1, @p2) limit 5;

-- relationships_customer_id: query
-- params: []
select count(*) as failing from (select s.* from `lake-prod.staging.clean__orders__v42` as s where s.`customer_id` is not null and not exists (select 1 from `lake-prod.clean.customers` as t where t.`customer_id` = s.`customer_id`)) as orphans;

-- relationships_customer_id: failing sample
-- params: []
select s.* from `lake-prod.staging.clean__orders__v42` as s where s.`customer_id` is not null and not exists (select 1 from `lake-prod.clean.customers` as t where t.`customer_id` = s.`customer_id`) limit 5;

-- range_amount: failing sample
-- params: [0,10000]
select * from `lake-prod.staging.clean__orders__v42` as staged where `amount` is not null and (`amount` < @p0 or `amount` > @p1) limit 5;

-- range_ordered_on: failing sample
-- params: ["2024-01-01"]
select * from `lake-prod.staging.clean__orders__v42` as staged where `ordered_on` is not null and (`ordered_on` <= cast(@p0 as DATE)) limit 5;

-- range_created_at: failing sample
-- params: ["2030-01-01T00:00:00Z"]
select * from `lake-prod.staging.clean__orders__v42` as staged where `created_at` is not null and (`created_at` > cast(@p0 as TIMESTAMP)) limit 5;

-- regex_email: failing sample
-- params: ["^[a-z0-9._]+@[a-z0-9.-]+$"]
select * from `lake-prod.staging.clean__orders__v42` as staged where `email` is not null and not REGEXP_CONTAINS(`email`, @p0) limit 5;

-- no_vip_refunds: query (in the partitions' time zone)
-- params: ["2024-02-29T15:00:00.000Z","2024-03-01T15:00:00.000Z"]
select count(*) as failing from (
select o.* from `lake-prod.staging.clean__orders__v42` as o join `lake-prod.clean.customers` as c on c.customer_id = o.customer_id where c.vip and o.amount < 0 and o.created_at >= @p0 and o.created_at < @p1
) as failing_rows;

-- no_vip_refunds: failing sample (in the partitions' time zone)
-- params: ["2024-02-29T15:00:00.000Z","2024-03-01T15:00:00.000Z"]
select * from (
select o.* from `lake-prod.staging.clean__orders__v42` as o join `lake-prod.clean.customers` as c on c.customer_id = o.customer_id where c.vip and o.amount < 0 and o.created_at >= @p0 and o.created_at < @p1
) as failing_rows limit 5;
