import { col, cron, daily, fileDrop, maxLag, source } from "lakeform";

/**
 * Storefront tracking events (page and product views, cart and checkout steps) written as
 * JSON lines by the event collector. Partitioned by landing day; mobile apps send late.
 */
export const rawWebEvents = source("raw/web_events", {
  description: "Tracking events from the web shop and the apps, as the collector wrote them.",
  owners: ["team:data-eng", "team:growth"],
  group: "marketing",
  tags: ["events", "late-arriving"],
  from: fileDrop({ format: "jsonl", pattern: "web_events/*.jsonl" }),
  columns: {
    event_id: col.string().describe("UUID the tracker gives each event; retries re-send the same id"),
    event_type: col.string().nullable(),
    anonymous_id: col.string().nullable().describe("Cookie or device id"),
    customer_id: col.string().nullable().describe("Set once the visitor is logged in"),
    session_id: col.string().nullable(),
    occurred_at: col.timestamp().describe("Device clock at the event (UTC)"),
    page_path: col.string().nullable(),
    referrer: col.string().nullable(),
    utm_source: col.string().nullable(),
    utm_medium: col.string().nullable(),
    utm_campaign: col.string().nullable(),
    device_type: col.string().nullable(),
    user_agent: col.string().nullable(),
    ip_address: col.string().nullable().pii("ip_address", "hash").describe("Hashed: fraud reviews can group events by address without storing it"),
    properties: col.json().nullable().describe("Event payload: product_id, order_id, cart_value, …"),
  },
  partitions: daily({ start: "2024-01-01" }),
  retentionDays: 30,
  checks: (c) => [
    c.schema({ allowUnexpected: true }),
    c.notNull(["event_id", "occurred_at"]),
    c.notNull(["event_type", "session_id"], { severity: "warn", name: "not_null_event_type_session" }),
    c.acceptedValues(
      "event_type",
      ["page_viewed", "product_viewed", "added_to_cart", "removed_from_cart", "checkout_started", "checkout_completed"],
      { severity: "warn", description: "A new event type needs mapping in clean/web_events" },
    ),
    c.acceptedValues("device_type", ["desktop", "mobile", "tablet"], { severity: "warn" }),
    c.regex("event_id", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { severity: "warn" }),
    c.freshness("occurred_at", { maxAge: "2h" }, { severity: "warn", description: "The collector stopped writing" }),
  ],
  schedule: cron("*/30 * * * *"),
  freshness: maxLag({ warnAfter: "1h", failAfter: "3h" }),
});
