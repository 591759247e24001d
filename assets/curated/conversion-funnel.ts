import { asset, col, daily, eager, maxLag, partitionEnd, partitionKey, partitionStart, ref, self, sql, timeWindow } from "lakeform";
import { cleanOrders } from "../clean/orders.ts";
import { cleanWebEvents } from "../clean/web-events.ts";

/**
 * The storefront funnel per day and device: sessions that viewed a product, added to cart,
 * started checkout and completed a paid order. Refreshed as events arrive.
 */
export const conversionFunnel = asset("curated/conversion_funnel", {
  description:
    "Sessions reaching each funnel step per UTC day and device type, bots excluded. Steps are strict: " +
    "a session counts at a step only if it reached every earlier step. A purchase is a completed checkout whose order is paid.",
  owners: ["team:growth"],
  group: "marketing",
  tags: ["kpi", "funnel"],
  columns: {
    funnel_date: col.date().primaryKey(),
    device_type: col.string().primaryKey(),
    sessions: col.int64(),
    product_view_sessions: col.int64(),
    add_to_cart_sessions: col.int64(),
    checkout_sessions: col.int64(),
    purchase_sessions: col.int64(),
    ordering_sessions: col.int64().describe("Sessions with a paid order, whichever steps were tracked: shows tracking loss"),
    conversion_rate: col.double().describe("purchase_sessions / sessions"),
  },
  partitions: daily({ start: "2024-01-01" }),
  compute: sql`
    with events as (
      select
        session_id,
        event_type,
        order_id,
        -- A session counts under the device of its first event.
        first_value(device_type) over (partition by session_id order by occurred_at) as device_type
      from ${ref(cleanWebEvents)}
      where occurred_at >= ${partitionStart} and occurred_at < ${partitionEnd} and not is_bot
    ),
    paid_orders as (
      -- The checkout event follows the order, so the order may fall on the previous day.
      select order_id
      from ${ref(cleanOrders, { partitions: timeWindow({ startOffset: -1 }) })}
      where is_paid
    ),
    sessions as (
      select
        e.session_id,
        e.device_type,
        count_if(e.event_type = 'product_viewed') > 0 as viewed_product,
        count_if(e.event_type = 'added_to_cart') > 0 as added_to_cart,
        count_if(e.event_type = 'checkout_started') > 0 as started_checkout,
        count_if(e.event_type = 'checkout_completed' and p.order_id is not null) > 0 as ordered
      from events e
      left join paid_orders p on p.order_id = e.order_id
      group by e.session_id, e.device_type
    )
    select
      cast(${partitionKey} as date) as funnel_date,
      device_type,
      count(*) as sessions,
      count_if(viewed_product) as product_view_sessions,
      count_if(viewed_product and added_to_cart) as add_to_cart_sessions,
      count_if(viewed_product and added_to_cart and started_checkout) as checkout_sessions,
      count_if(viewed_product and added_to_cart and started_checkout and ordered) as purchase_sessions,
      count_if(ordered) as ordering_sessions,
      count_if(viewed_product and added_to_cart and started_checkout and ordered) / count(*) as conversion_rate
    from sessions
    group by device_type`,
  checks: (c) => [
    c.acceptedValues("device_type", ["desktop", "mobile", "tablet", "unknown"]),
    c.range("conversion_rate", { min: 0, max: 1 }),
    c.range("conversion_rate", { max: 0.2 }, { name: "conversion_rate_plausible", severity: "warn", description: "Above 20% usually means lost page views" }),
    c.range("sessions", { min: 1 }),
    c.sql(
      "steps_never_grow",
      sql`select * from ${self}
          where product_view_sessions > sessions
             or add_to_cart_sessions > product_view_sessions
             or checkout_sessions > add_to_cart_sessions
             or purchase_sessions > checkout_sessions
             or purchase_sessions > ordering_sessions`,
    ),
    c.rowCount({ min: 1 }, { severity: "warn", description: "No sessions at all: the tracker is down" }),
  ],
  schedule: eager(),
  // On a cloud engine (EMR in prod, BigQuery on GCP): a stuck run is stopped, an oversized scan refused.
  costGuard: { maxRuntime: "1h", maxBytesBilled: "50GB" },
  freshness: maxLag({ warnAfter: "2h", failAfter: "6h" }),
});
