import type { DuckDBConnection } from "@duckdb/node-api";

/**
 * Small, realistic landed data for the example platform's raw tier, around 2024-01-02 (UTC):
 * re-sent rows with later `_loaded_at`, statuses in varying case, cancelled and refunded
 * orders, a test account, bots, funnels that stop at every step, a session that changes device
 * (it counts under the device of its first event), a product without a price.
 * Tables are named `lf_<tier>__<name>`, a name every dialect reads unquoted.
 */
export const RAW_TABLES_SQL = `
create table lf_raw__customers as select * from (values
  ('C1', 'a1', '***1', ' de ', 'Paid_Search', true, false, timestamp '2023-07-01 10:00:00', timestamp '2024-01-01 09:00:00', timestamp '2024-01-01 23:00:00'),
  ('C1', 'a1', '***1', 'DE', 'paid_search', true, false, timestamp '2023-07-01 10:00:00', timestamp '2024-01-02 09:00:00', timestamp '2024-01-02 23:00:00'),
  ('C2', 'b2', null, 'fr', null, null, null, null, null, timestamp '2024-01-02 23:00:00'),
  ('C3', 'c3', '***3', '', 'tiktok', false, false, timestamp '2023-12-24 08:00:00', null, timestamp '2024-01-02 23:00:00'),
  ('QA', 'qa', null, 'DE', 'direct', false, true, timestamp '2023-06-01 00:00:00', null, timestamp '2024-01-02 23:00:00')
) t(customer_id, email, phone, country_code, acquisition_channel, marketing_opt_in, is_test_account, created_at, updated_at, _loaded_at);

create table lf_raw__products as select * from (values
  ('P1', 'sku-1', 'Mug', 'Kitchen', '9.90', true, '{"colour":"red"}'::json, timestamp '2024-01-01 00:00:00', timestamp '2024-01-01 01:00:00'),
  ('P1', 'sku-1', 'Mug', 'Kitchen', '10.90', true, '{"colour":"red"}'::json, timestamp '2024-01-02 00:00:00', timestamp '2024-01-02 01:00:00'),
  ('P2', ' ', '', null, 'n/a', true, null, null, timestamp '2024-01-02 01:00:00'),
  ('P3', 'sku-3', 'Lamp', 'home', '45.00', false, null, timestamp '2023-12-01 00:00:00', timestamp '2024-01-02 01:00:00')
) t(product_id, sku, name, category, price, is_active, attributes, updated_at, _loaded_at);

create table lf_raw__orders as select * from (values
  ('O1', 'C1', 'pending', 'eur', 20.00, 0.00, 4.90, 3.80, 28.70, null, 'web', timestamp '2024-01-02 08:00:00', null, timestamp '2024-01-02 09:00:00'),
  ('O1', 'C1', 'Paid', 'eur', 20.00, 0.00, 4.90, 3.80, 28.70, null, 'web', timestamp '2024-01-02 08:00:00', timestamp '2024-01-02 10:00:00', timestamp '2024-01-02 11:00:00'),
  ('O2', 'C2', 'completed', 'EUR', 45.00, 5.00, 0.00, 7.60, 47.60, 'new5', 'IOS', timestamp '2024-01-02 12:30:00', null, timestamp '2024-01-02 13:00:00'),
  ('O3', 'C3', 'canceled', 'EUR', 10.90, 0.00, 4.90, 2.00, 17.80, '', '', timestamp '2024-01-02 23:59:59', null, timestamp '2024-01-03 00:10:00'),
  ('O4', 'C1', 'REFUNDED', 'EUR', 9.90, 0.00, 0.00, 1.88, 11.78, null, 'android', timestamp '2024-01-02 17:00:00', null, timestamp '2024-01-03 08:00:00'),
  ('O5', 'C2', 'shipped', 'EUR', 30.00, 0.00, 0.00, 5.70, 35.70, null, 'web', timestamp '2024-01-01 15:00:00', null, timestamp '2024-01-01 16:00:00'),
  ('O6', null, 'paid', 'EUR', 5.00, 0.00, 0.00, 0.95, 5.95, null, 'web', timestamp '2024-01-02 18:00:00', null, timestamp '2024-01-02 19:00:00'),
  ('O7', 'C3', 'delivered', 'EUR', 10.00, 1.00, 0.00, 1.71, 10.71, null, 'web', timestamp '2024-01-02 19:00:00', null, timestamp '2024-01-04 08:00:00')
) t(order_id, customer_id, status, currency, subtotal_amount, discount_amount, shipping_amount, tax_amount, total_amount, coupon_code, channel, ordered_at, updated_at, _loaded_at);

create table lf_raw__order_items as select * from (values
  ('O1', 1, 'P1', 2, 10.00::decimal(12,2), null::decimal(12,2), timestamp '2024-01-02 09:00:00'),
  ('O1', 1, 'P1', 2, 10.00, 0.00, timestamp '2024-01-02 11:00:00'),
  ('O2', 1, 'P3', 1, 45.00, 5.00, timestamp '2024-01-02 13:00:00'),
  ('O3', 1, 'P1', 1, 10.90, 0.00, timestamp '2024-01-03 00:10:00'),
  ('O4', 1, 'P2', 1, 9.90, null, timestamp '2024-01-03 08:00:00'),
  ('O5', 1, 'P1', 3, 10.00, 0.00, timestamp '2024-01-01 16:00:00'),
  ('O7', 1, 'P9', 1, 10.00, 1.00, timestamp '2024-01-04 08:00:00'),
  ('O7', 2, null, 1, 1.00, 0.00, timestamp '2024-01-04 08:00:00')
) t(order_id, line_number, product_id, quantity, unit_price, discount_amount, _loaded_at);

create table lf_raw__web_events as select * from (values
  ('E1', 'page_viewed', 'S1', 'V1', null, timestamp '2024-01-02 07:50:00', '/', '{}'::json, 'Google', 'CPC', 'winter ', 'Desktop', 'Mozilla/5.0', timestamp '2024-01-02 08:00:00'),
  ('E2', 'product_viewed', 'S1', 'V1', 'C1', timestamp '2024-01-02 07:55:00', '/p/1', '{"product_id":"P1"}', null, null, null, 'desktop', 'Mozilla/5.0', timestamp '2024-01-02 08:00:00'),
  ('E2', 'product_viewed', 'S1', 'V1', 'C1', timestamp '2024-01-02 07:55:00', '/p/1', '{"product_id":"P1"}', null, null, null, 'desktop', 'Mozilla/5.0', timestamp '2024-01-02 09:00:00'),
  ('E3', 'added_to_cart', 'S1', 'V1', 'C1', timestamp '2024-01-02 07:57:00', '/p/1', '{"product_id":"P1"}', null, null, null, 'desktop', 'Mozilla/5.0', timestamp '2024-01-02 08:00:00'),
  ('E4', 'checkout_started', 'S1', 'V1', 'C1', timestamp '2024-01-02 07:58:00', '/checkout', '{}', null, null, null, 'desktop', 'Mozilla/5.0', timestamp '2024-01-02 08:00:00'),
  ('E5', 'Checkout_Completed', 'S1', 'V1', 'C1', timestamp '2024-01-02 08:01:00', '/done', '{"order_id":"O1"}', null, null, null, 'desktop', 'Mozilla/5.0', timestamp '2024-01-02 09:00:00'),
  ('E6', 'product_viewed', 'S2', null, null, timestamp '2024-01-02 12:00:00', '/p/3', '{"product_id":"P3"}', 'newsletter', 'email', null, 'MOBILE', 'iPhone', timestamp '2024-01-02 13:00:00'),
  ('E7', 'added_to_cart', 'S2', null, null, timestamp '2024-01-02 12:05:00', '/p/3', '{"product_id":"P3"}', null, null, null, 'tablet', 'iPad', timestamp '2024-01-02 13:00:00'),
  ('E8', 'product_viewed', 'S3', 'V3', null, timestamp '2024-01-02 13:00:00', '/p/1', '{"product_id":"P1"}', null, null, null, 'tablet', 'Mozilla HeadlessChrome', timestamp '2024-01-02 14:00:00'),
  ('E9', 'product_viewed', 'S4', 'V4', null, timestamp '2024-01-02 14:00:00', '/p/2', '{"product_id":"P2"}', null, null, null, 'tv', null, timestamp '2024-01-02 15:00:00'),
  ('E10', 'product_viewed', 'S4', 'V4', null, timestamp '2024-01-02 13:59:00', '/p/1', '{"product_id":"P1"}', null, null, null, 'smartwatch', null, timestamp '2024-01-02 15:00:00'),
  ('E11', 'page_viewed', 'S5', 'V5', null, timestamp '2024-01-01 23:00:00', '/', '{}', null, null, null, 'desktop', 'Googlebot', timestamp '2024-01-02 00:10:00'),
  ('E12', null, 'S5', 'V5', null, timestamp '2024-01-02 01:00:00', '/', '{}', null, null, null, 'desktop', 'x', timestamp '2024-01-02 02:00:00')
) t(event_id, event_type, session_id, anonymous_id, customer_id, occurred_at, page_path, properties, utm_source, utm_medium, utm_campaign, device_type, user_agent, _loaded_at);
`;

/** Creates the raw tables in `connection`. */
export async function createRawTables(connection: DuckDBConnection): Promise<void> {
  await connection.run(RAW_TABLES_SQL);
}

/** The table a key is read from in these tests: `clean/orders` → `lf_clean__orders`. */
export const tableOf = (key: string) => `lf_${key.replace(/\//g, "__")}`;
