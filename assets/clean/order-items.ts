import { asset, col, daily, eager, maxLag, partitionEnd, partitionStart, ref, self, sql } from "lakeform";
import { withLateArrivals } from "../late-arrivals.ts";
import { rawOrderItems } from "../raw/order-items.ts";
import { cleanOrders } from "./orders.ts";
import { cleanProducts } from "./products.ts";

/**
 * One row per order line, in its latest exported state, for the orders in `clean/orders`;
 * partitioned like them by the day the order was placed.
 */
export const cleanOrderItems = asset("clean/order_items", {
  description: "Order lines de-duplicated to their latest version, with line amounts; one partition per order day (UTC).",
  owners: ["team:data-eng"],
  group: "sales",
  tags: ["finance"],
  columns: {
    order_id: col.string().primaryKey(),
    line_number: col.int32().primaryKey(),
    product_id: col.string(),
    quantity: col.int32(),
    unit_price: col.decimal(12, 2).describe("List price of one unit when ordered, in EUR"),
    discount_amount: col.decimal(12, 2),
    net_amount: col.decimal(12, 2).describe("quantity × unit price − discount, in EUR"),
    ordered_at: col.timestamp().describe("When its order was placed"),
    order_date: col.date().describe("The UTC day its order was placed: the partition"),
  },
  partitions: daily({ start: "2024-01-01" }),
  compute: sql`
    with versions as (
      select
        *,
        row_number() over (partition by order_id, line_number order by _loaded_at desc) as version_rank
      from ${ref(rawOrderItems, { partitions: withLateArrivals })}
    ),
    latest as (
      select * from versions where version_rank = 1
    )
    select
      i.order_id,
      i.line_number,
      i.product_id,
      i.quantity,
      i.unit_price,
      coalesce(i.discount_amount, 0) as discount_amount,
      cast(i.quantity * i.unit_price - coalesce(i.discount_amount, 0) as decimal(12, 2)) as net_amount,
      o.ordered_at,
      o.order_date
    from latest i
    join ${ref(cleanOrders)} o on o.order_id = i.order_id
    where o.ordered_at >= ${partitionStart} and o.ordered_at < ${partitionEnd}
      and i.product_id is not null and i.quantity > 0 and i.unit_price is not null`,
  checks: (c) => [
    c.relationships("order_id", { asset: cleanOrders, column: "order_id" }),
    c.relationships("product_id", { asset: cleanProducts, column: "product_id" }, {
      severity: "warn",
      description: "Products launched since the last catalogue snapshot are not in clean/products yet",
    }),
    c.range("quantity", { min: 1, max: 1000 }),
    c.range("unit_price", { min: 0 }),
    c.range("net_amount", { min: 0 }, { description: "A discount larger than its line" }),
    c.sql(
      "lines_add_up_to_order",
      sql`select o.order_id
          from ${ref(cleanOrders)} o
          join (select order_id, sum(net_amount) as lines_net from ${self} group by order_id) l on l.order_id = o.order_id
          where abs(o.net_amount - l.lines_net) > 0.01`,
      { severity: "warn", description: "Order-level discounts are spread over lines by the backend; a gap means lines are missing" },
    ),
  ],
  schedule: eager(),
  // On a cloud engine (EMR in prod, BigQuery on GCP): a stuck run is stopped, an oversized scan refused.
  costGuard: { maxRuntime: "1h", maxBytesBilled: "50GB" },
  freshness: maxLag({ warnAfter: "3h", failAfter: "6h" }),
});
