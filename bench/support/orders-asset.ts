import { asset, col, self, sql } from "lakeform";

/**
 * An orders asset with 8 typed columns (ids, strings, a decimal, a timestamp, a status with
 * four values, some nulls) whose SQL generates `rows` rows from `range`, and 12 checks that
 * pass on that data: 10 fused into the audit's one aggregate scan or decided without reading
 * data, one GROUP BY (unique) and one query of its own (custom SQL).
 */
export function ordersAsset(rows: number) {
  return asset("clean/orders", {
    owners: ["team:bench"],
    columns: {
      order_id: col.int64(),
      customer_id: col.string(),
      amount: col.decimal(12, 2),
      quantity: col.int32(),
      status: col.string(),
      email: col.string().nullable(),
      created_at: col.timestamp(),
      discount: col.double().nullable(),
    },
    compute: sql`
      select
        i as order_id,
        'C' || lpad(cast(i % 250000 as VARCHAR), 7, '0') as customer_id,
        (i * 7919 % 1000000) / 100.0 as amount,
        1 + i % 20 as quantity,
        (['new', 'paid', 'shipped', 'cancelled'])[1 + i % 4] as status,
        case when i % 10 = 0 then null else 'user' || (i % 1000003) || '@example.com' end as email,
        current_timestamp - to_seconds(i % 31536000) as created_at,
        case when i % 7 = 0 then null else (i % 1000) / 10.0 end as discount
      from range(${rows}) as t(i)`,
    checks: (c) => [
      c.notNull("order_id"),
      c.notNull("customer_id"),
      c.unique("order_id"),
      c.acceptedValues("status", ["new", "paid", "shipped", "cancelled"]),
      c.range("amount", { min: 0, max: 10_000 }),
      c.range("quantity", { min: 1, max: 20 }),
      c.regex("email", /^[a-z0-9._]+@[a-z0-9.-]+$/),
      c.rowCount({ min: 1 }),
      c.freshness("created_at", { maxAge: "1d" }),
      c.schema(),
      c.sql("no_future_orders", sql`select * from ${self} where created_at > current_timestamp + interval 1 hour`),
      c.volumeAnomaly(),
    ],
  });
}
