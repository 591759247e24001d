import { asset, col, daily, eager, maxLag, partitionEnd, partitionStart, ref, self, sql } from "lakeform";
import { withLateArrivals } from "../late-arrivals.ts";
import { rawWebEvents } from "../raw/web-events.ts";
import { cleanCustomers } from "./customers.ts";

/**
 * Storefront events de-duplicated by event id, with the payload fields the funnel needs
 * typed out and bots flagged; partitioned by the UTC day the event happened.
 */
export const cleanWebEvents = asset("clean/web_events", {
  description: "Tracking events, one row each, typed; one partition per event day (UTC).",
  owners: ["team:data-eng", "team:growth"],
  group: "marketing",
  tags: ["events"],
  columns: {
    event_id: col.string().primaryKey(),
    event_type: col.string(),
    session_id: col.string(),
    visitor_id: col.string().describe("The tracker's anonymous id, or the session when the tracker sent none"),
    customer_id: col.string().nullable(),
    occurred_at: col.timestamp(),
    event_date: col.date().describe("The UTC day of the event: the partition"),
    page_path: col.string().nullable(),
    product_id: col.string().nullable().describe("From the payload of product and cart events"),
    order_id: col.string().nullable().describe("From the payload of checkout_completed events"),
    utm_source: col.string().nullable(),
    utm_medium: col.string().nullable(),
    utm_campaign: col.string().nullable(),
    device_type: col.string().describe("desktop, mobile, tablet or unknown"),
    is_bot: col.boolean().describe("The user agent names a crawler, spider or headless browser"),
  },
  partitions: daily({ start: "2024-01-01" }),
  compute: sql`
    with versions as (
      select
        *,
        row_number() over (partition by event_id order by _loaded_at desc) as version_rank
      from ${ref(rawWebEvents, { partitions: withLateArrivals })}
      where occurred_at >= ${partitionStart} and occurred_at < ${partitionEnd}
        and event_type is not null and session_id is not null
    ),
    latest as (
      select * from versions where version_rank = 1
    )
    select
      event_id,
      lower(trim(event_type)) as event_type,
      session_id,
      coalesce(anonymous_id, 'session:' || session_id) as visitor_id,
      customer_id,
      occurred_at,
      cast(occurred_at at time zone 'UTC' as date) as event_date,
      page_path,
      properties ->> '$.product_id' as product_id,
      properties ->> '$.order_id' as order_id,
      nullif(lower(trim(utm_source)), '') as utm_source,
      nullif(lower(trim(utm_medium)), '') as utm_medium,
      nullif(trim(utm_campaign), '') as utm_campaign,
      case when lower(device_type) in ('desktop', 'mobile', 'tablet') then lower(device_type) else 'unknown' end as device_type,
      coalesce(regexp_matches(user_agent, '(?i)(bot|crawler|spider|headless)'), false) as is_bot
    from latest`,
  checks: (c) => [
    c.acceptedValues(
      "event_type",
      ["page_viewed", "product_viewed", "added_to_cart", "removed_from_cart", "checkout_started", "checkout_completed"],
      { severity: "warn" },
    ),
    c.acceptedValues("device_type", ["desktop", "mobile", "tablet", "unknown"]),
    c.range("event_date", { min: "2024-01-01" }),
    c.relationships("customer_id", { asset: cleanCustomers, column: "customer_id" }, { severity: "warn" }),
    c.sql(
      "completed_checkouts_name_their_order",
      sql`select * from ${self} where event_type = 'checkout_completed' and order_id is null`,
      { severity: "warn", description: "The funnel cannot confirm a purchase without the order id" },
    ),
    c.rowCount({ min: 1 }, { severity: "warn" }),
  ],
  schedule: eager(),
  // On a cloud engine (EMR in prod, BigQuery on GCP): a stuck run is stopped, an oversized scan refused.
  costGuard: { maxRuntime: "1h", maxBytesBilled: "50GB" },
  freshness: maxLag({ warnAfter: "2h", failAfter: "4h" }),
});
