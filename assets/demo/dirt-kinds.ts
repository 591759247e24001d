/**
 * The kinds of realistic dirt the demo lands: what each is, counted in what, and which check
 * (if any) reports it. The clean tier handles every kind: none makes a blocking check fail.
 */
export const DIRT_KINDS = {
  duplicate_order_rows: "raw/orders rows re-sent unchanged in the same export (clean/orders keeps one)",
  late_orders: "orders whose export got stuck and landed 1–2 days after the order day, within the late-arrival window",
  orders_beyond_late_window: "orders whose export landed LATE_ARRIVAL_DAYS + 1 days late (raw/orders rows_beyond_late_window warns; clean/orders misses them until backfilled)",
  incomplete_order_rows: "raw/orders rows sent before checkout completed, without customer_id and amounts, superseded the same day (raw/orders not_null_customer_and_total warns)",
  odd_status_values: "raw/orders rows whose status is in odd case, padded, or spelt canceled/completed (clean/orders normalises them)",
  odd_currency_values: "raw/orders rows with currency in lower case or padded (clean/orders upper-cases it)",
  odd_channel_values: "raw/orders rows whose channel is in odd case, or missing on a web order (clean/orders defaults it to web)",
  lowercase_coupon_codes: "raw/orders rows with the coupon code as the customer typed it (clean/orders upper-cases it)",
  null_shipping_amounts: "raw/orders rows with free shipping as null instead of 0.00",
  duplicate_order_item_rows: "raw/order_items rows re-sent unchanged (clean/order_items keeps one)",
  lines_without_product: "order lines first sent without product_id and re-sent complete the next day (raw/order_items not_null_product_id warns)",
  zero_quantity_lines: "order lines emptied in the basket but exported with quantity 0 (raw/order_items range_quantity warns; clean/order_items drops them)",
  null_line_discounts: "order lines without a discount, exported as null instead of 0.00",
  duplicate_web_events: "events re-sent by tracker retries with the same event id, in the same or the next landing day",
  late_web_events: "app events synced 1–2 days after they happened, within the late-arrival window",
  events_without_type_or_session: "events without event_type or session_id (raw/web_events not_null_event_type_session warns; clean/web_events drops them)",
  title_case_event_types: "events whose type is in Title_Case, from an old Android app (raw/web_events accepted_values_event_type warns)",
  odd_device_types: "events whose device type is `Mobile` (raw/web_events accepted_values_device_type warns) or missing",
  uppercase_event_ids: "events whose id is in upper case, from one iOS app release (raw/web_events regex_event_id warns)",
  events_without_anonymous_id: "events of visitors who refused the tracking cookie: no anonymous_id",
  odd_cased_utm_values: "sessions from hand-typed campaign links: UTM values in odd case or padded",
  bot_sessions: "crawler and headless-browser sessions (clean/web_events flags them is_bot)",
  untracked_orders: "orders placed without a tracked session (ad blockers): the funnel's ordering_sessions shows the loss",
  sessions_missing_checkout_start: "ordering sessions whose checkout_started event was lost",
  customers_without_email: "accounts without an e-mail address (raw/customers not_null_email warns)",
  odd_country_codes: "accounts whose country code is in lower case, padded (raw/customers regex_country_code warns) or missing",
  nonstandard_acquisition_channels: "accounts whose acquisition channel is in odd case, free text or missing (clean/customers maps them)",
  customers_without_created_at: "accounts the CRM exports without created_at (clean/customers uses the first landing)",
  test_accounts: "internal QA accounts (clean/customers removes them)",
  shared_email_accounts: "second accounts opened with an e-mail already in use (clean/customers unique_email warns)",
  unreadable_prices: "delisted products exported with an unreadable price (raw/products regex_price warns)",
  lowercase_skus: "products whose SKU is in lower case (raw/products regex_sku warns)",
  lowercase_currencies: "products exported with currency `eur` (raw/products accepted_values_currency warns)",
  products_without_category: "products without a category (clean/products calls them uncategorised)",
} as const;

/** One kind of dirt the demo injects. */
export type DirtKind = keyof typeof DIRT_KINDS;
