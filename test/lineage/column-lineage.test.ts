import { describe, expect, it } from "vitest";
import catalog from "../../assets/index.ts";
import { buildAssetGraph } from "lakeform";
import { columnLineageOf } from "../../runtime/lineage/column-lineage.ts";
import { datasetIdOf } from "../../runtime/lineage/dataset-naming.ts";
import { materialisationRunId, uuidFrom } from "../../runtime/lineage/run-uuid.ts";
import { filesAt, localFiles } from "../../runtime/storage/data-location.ts";

const graph = buildAssetGraph(catalog);

/** Output column → `asset.column` of every input column it reads, as the SQL says. */
async function lineageOf(key: string): Promise<Record<string, string[]>> {
  const fields = await columnLineageOf(graph, key, (k) => ({ namespace: "test", name: k }), "test");
  return Object.fromEntries(Object.entries(fields ?? {}).map(([column, f]) => [column, [...new Set(f.inputFields.map((i) => `${i.name}.${i.field}`))].sort()]));
}

describe("column lineage of the example platform's curated assets, derived from their SQL", () => {
  it("traces curated/daily_revenue back to clean/orders and clean/order_items", async () => {
    expect(await lineageOf("curated/daily_revenue")).toEqual({
      revenue_date: [],
      orders_placed: [],
      paid_orders: ["clean/orders.is_paid"],
      cancelled_orders: ["clean/orders.status"],
      refunded_orders: ["clean/orders.status"],
      paying_customers: ["clean/orders.customer_id", "clean/orders.is_paid"],
      units_sold: ["clean/order_items.quantity", "clean/orders.is_paid"],
      gross_revenue: ["clean/orders.is_paid", "clean/orders.subtotal_amount"],
      discounts: ["clean/orders.discount_amount", "clean/orders.is_paid"],
      net_revenue: ["clean/orders.is_paid", "clean/orders.net_amount"],
      shipping_revenue: ["clean/orders.is_paid", "clean/orders.shipping_amount"],
      tax_collected: ["clean/orders.is_paid", "clean/orders.tax_amount"],
      average_order_value: ["clean/orders.is_paid", "clean/orders.net_amount"],
    });
  });

  it("traces curated/customer_lifetime_value to clean/customers and clean/orders", async () => {
    expect(await lineageOf("curated/customer_lifetime_value")).toEqual({
      customer_id: ["clean/customers.customer_id"],
      country_code: ["clean/customers.country_code"],
      acquisition_channel: ["clean/customers.acquisition_channel"],
      signed_up_at: ["clean/customers.created_at"],
      first_order_at: ["clean/orders.ordered_at"],
      last_order_at: ["clean/orders.ordered_at"],
      orders_count: [],
      lifetime_revenue: ["clean/orders.net_amount"],
      average_order_value: ["clean/orders.net_amount"],
      days_since_last_order: ["clean/orders.ordered_at"],
      segment: ["clean/orders.customer_id", "clean/orders.ordered_at"],
    });
  });

  it("traces curated/product_performance to clean/products, clean/order_items and clean/web_events", async () => {
    expect(await lineageOf("curated/product_performance")).toEqual({
      sales_date: [],
      product_id: ["clean/order_items.product_id", "clean/web_events.product_id"],
      product_name: ["clean/products.product_name"],
      category: ["clean/products.category"],
      units_sold: ["clean/order_items.quantity"],
      orders_count: ["clean/order_items.order_id"],
      net_revenue: ["clean/order_items.net_amount"],
      product_views: [],
      viewing_sessions: ["clean/web_events.session_id"],
    });
  });

  it("traces curated/conversion_funnel to clean/web_events and clean/orders", async () => {
    expect(await lineageOf("curated/conversion_funnel")).toEqual({
      funnel_date: [],
      device_type: ["clean/web_events.device_type", "clean/web_events.occurred_at", "clean/web_events.session_id"],
      sessions: [],
      product_view_sessions: ["clean/web_events.event_type"],
      add_to_cart_sessions: ["clean/web_events.event_type"],
      checkout_sessions: ["clean/web_events.event_type"],
      purchase_sessions: ["clean/orders.order_id", "clean/web_events.event_type"],
      ordering_sessions: ["clean/orders.order_id", "clean/web_events.event_type"],
      conversion_rate: ["clean/orders.order_id", "clean/web_events.event_type"],
    });
  });

  it("covers every declared column of every curated asset, and has none for assets not computed by SQL", async () => {
    for (const key of graph.select("tier:curated")) expect(Object.keys(await lineageOf(key)).sort(), key).toEqual(Object.keys(graph.get(key).columns).sort());
    expect(await columnLineageOf(graph, "raw/orders", (k) => ({ namespace: "test", name: k }), "test")).toBeUndefined();
  });
});

describe("OpenLineage names", () => {
  it("name datasets by where their data is, as the OpenLineage naming spec says", () => {
    expect(datasetIdOf(localFiles("/data/lake/clean/orders/"))).toEqual({ namespace: "file", name: "/data/lake/clean/orders" });
    expect(datasetIdOf(filesAt("s3://lf-prod-clean/lakeform/clean/orders/"))).toEqual({ namespace: "s3://lf-prod-clean", name: "lakeform/clean/orders" });
    expect(datasetIdOf(filesAt("gs://lf-prod-data/clean/orders/"))).toEqual({ namespace: "gs://lf-prod-data", name: "clean/orders" });
    expect(datasetIdOf({ kind: "table", table: "acme.lf_prod_clean.orders" })).toEqual({ namespace: "bigquery", name: "acme.lf_prod_clean.orders" });
  });

  it("derive run ids deterministically: the same materialisation, the same UUID; another, another", () => {
    const id = materialisationRunId("run-1", "clean/orders", "2024-01-01");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(materialisationRunId("run-1", "clean/orders", "2024-01-01")).toBe(id);
    expect(new Set([id, materialisationRunId("run-1", "clean/orders", "2024-01-02"), materialisationRunId("run-2", "clean/orders", "2024-01-01"), uuidFrom("run-1")]).size).toBe(4);
  });
});
