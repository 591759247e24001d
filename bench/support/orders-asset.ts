import { asset, col, self, sql } from "lakeform";

/** Generated data of the orders asset, every column of it. */
const PASSING = {
  order_id: "i",
  customer_id: "'C' || lpad(cast(i % 250000 as VARCHAR), 7, '0')",
  amount: "(i * 7919 % 1000000) / 100.0",
  quantity: "1 + i % 20",
  status: "(['new', 'paid', 'shipped', 'cancelled'])[1 + i % 4]",
  email: "case when i % 10 = 0 then null else 'user' || (i % 1000003) || '@example.com' end",
  created_at: "current_timestamp - to_seconds(i % 31536000)",
};

/** The same data with failures in every row group for all but three checks (not-null order ids, row count, freshness), so statistics cannot settle them. */
const FAILING = {
  order_id: "case when i % 1000 = 1 then i - 1 else i end",
  customer_id: "case when i % 1000 = 2 then null else 'C' || lpad(cast(i % 250000 as VARCHAR), 7, '0') end",
  amount: "(i * 7919 % 2000000) / 100.0",
  quantity: "i % 21",
  status: "case when i % 997 = 0 then 'unknown' else (['new', 'paid', 'shipped', 'cancelled'])[1 + i % 4] end",
  email: "case when i % 10 = 0 then null when i % 101 = 0 then 'NOT AN EMAIL' else 'user' || (i % 1000003) || '@example.com' end",
  created_at: "current_timestamp - to_seconds(i % 31536000) + case when i % 5000 = 0 then interval 2 hour else interval 0 hour end",
};

/** `sql\`${head}${rows}) as t(i)\``: the generating SQL built from the column expressions above, the row count bound. */
function generated(head: string, rows: number) {
  const strings = Object.assign([head, ") as t(i)"], { raw: [head, ") as t(i)"] });
  return sql(strings, rows);
}

/**
 * An orders asset with 8 typed columns (ids, strings, a decimal, a timestamp, a status with
 * four values, some nulls) whose SQL generates `rows` rows from `range`, and 12 checks that
 * pass on that data (`failing`: 9 of them fail, in every row group).
 */
export function ordersAsset(rows: number, data: "passing" | "failing" = "passing") {
  const c = data === "passing" ? PASSING : FAILING;
  return asset(data === "passing" ? "clean/orders" : "clean/orders_failing", {
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
    compute: generated(`
      select
        ${c.order_id} as order_id,
        ${c.customer_id} as customer_id,
        ${c.amount} as amount,
        ${c.quantity} as quantity,
        ${c.status} as status,
        ${c.email} as email,
        ${c.created_at} as created_at,
        case when i % 7 = 0 then null else (i % 1000) / 10.0 end as discount
      from range(`, rows),
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
