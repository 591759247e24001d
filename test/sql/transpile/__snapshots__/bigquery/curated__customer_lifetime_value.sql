-- parses as bigquery (the asset's sql.for override)
with paid as (
        select
          customer_id,
          count(*) as orders_count,
          sum(net_amount) as lifetime_revenue,
          min(ordered_at) as first_order_at,
          max(ordered_at) as last_order_at
        from `your-gcp-project.clean.orders`
        where is_paid
        group by customer_id
      )
      select
        c.customer_id,
        c.country_code,
        c.acquisition_channel,
        c.created_at as signed_up_at,
        p.first_order_at,
        p.last_order_at,
        coalesce(p.orders_count, 0) as orders_count,
        coalesce(p.lifetime_revenue, 0) as lifetime_revenue,
        cast(round(p.lifetime_revenue / p.orders_count, 2) as numeric) as average_order_value,
        date_diff(current_date(), date(p.last_order_at), day) as days_since_last_order,
        case
          when p.customer_id is null then 'prospect'
          when p.first_order_at >= timestamp_sub(current_timestamp(), interval 30 day) then 'new'
          when p.last_order_at >= timestamp_sub(current_timestamp(), interval 90 day) then 'active'
          when p.last_order_at >= timestamp_sub(current_timestamp(), interval 180 day) then 'at_risk'
          else 'lapsed'
        end as segment
      from `your-gcp-project.clean.customers` c
      left join paid p on p.customer_id = c.customer_id
