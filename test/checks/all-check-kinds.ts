// An asset declaring every kind of check (and a profile over every column type), and the
// customers asset its relationships check and custom SQL check read: the subject of the
// audit-plan tests.
import { asset, buildAssetGraph, col, daily, partitionEnd, partitionStart, ref, self, sql } from "lakeform";

export const customers = asset("clean/customers", {
  owners: ["team:test"],
  columns: { customer_id: col.string(), vip: col.boolean() },
  compute: sql`select 'C1' as customer_id, true as vip`,
});

export const orders = asset("clean/orders", {
  owners: ["team:test"],
  partitions: daily({ start: "2024-01-01", timezone: "Asia/Tokyo" }),
  columns: {
    order_id: col.int64(),
    line: col.int32(),
    customer_id: col.string(),
    status: col.string(),
    email: col.string().nullable(),
    amount: col.decimal(12, 2),
    discount: col.double().nullable(),
    ordered_on: col.date(),
    created_at: col.timestamp(),
    paid: col.boolean(),
    attributes: col.json().nullable(),
  },
  compute: sql`select * from ${ref(customers)}`,
  checks: (c) => [
    c.notNull("order_id"),
    c.notNull(["customer_id", "status"]),
    c.unique("order_id"),
    c.unique(["order_id", "line"]),
    c.acceptedValues("status", ["new", "paid", "shipped"]),
    c.relationships("customer_id", { asset: customers, column: "customer_id" }),
    c.range("amount", { min: 0, max: 10_000 }),
    c.range("ordered_on", { min: "2024-01-01", inclusive: false }),
    c.range("created_at", { max: "2030-01-01T00:00:00Z" }),
    c.regex("email", /^[a-z0-9._]+@[a-z0-9.-]+$/),
    c.rowCount({ min: 1, max: 1_000 }),
    c.volumeAnomaly({ sameWeekday: true }),
    c.freshness("created_at", { maxAge: "1d" }),
    c.schema(),
    c.sql("no_vip_refunds", sql`select o.* from ${self} as o join ${ref(customers)} as c on c.customer_id = o.customer_id where c.vip and o.amount < 0 and o.created_at >= ${partitionStart} and o.created_at < ${partitionEnd}`, { severity: "warn" }),
  ],
});

/** The graph of the two assets. */
export const graph = buildAssetGraph([customers, orders]);
