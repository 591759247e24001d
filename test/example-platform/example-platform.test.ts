import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import catalog, * as named from "../../assets/index.ts";
import { buildAssetGraph, duckdbDialect, renderSql, type AssetNode, type AssetRef, type SqlTemplate } from "lakeform";

const graph = buildAssetGraph(catalog);
const nodes = graph.nodes();
const sources = nodes.filter((n) => n.kind === "source");

function sqlOf(node: AssetNode): SqlTemplate | undefined {
  return node.compute.kind === "sql" ? node.compute : undefined;
}

function macrosIn(template: SqlTemplate): Set<string> {
  const names = new Set<string>();
  for (const part of template.parts) {
    if (part.kind === "macro") names.add(part.name);
    if (part.kind === "sql") for (const name of macrosIn(part)) names.add(name);
  }
  return names;
}

describe("example platform: the asset graph", () => {
  it("exports every declaration once, by name and in the default list", () => {
    const byName = Object.values(named).flatMap((d) => (Array.isArray(d) ? [] : [d.key]));
    expect(catalog.map((d) => d.key).sort()).toEqual([...byName].sort());
    expect(new Set(byName).size).toBe(catalog.length);
    expect(graph.size).toBe(catalog.length);
  });

  it("holds at least ten assets, at least three in each tier", () => {
    expect(graph.size).toBeGreaterThanOrEqual(10);
    for (const tier of ["raw", "clean", "curated"]) expect(graph.select(`tier:${tier}`).length).toBeGreaterThanOrEqual(3);
  });

  it("lands every source in the raw tier, and computes nothing else there", () => {
    expect(sources.map((n) => n.key).sort()).toEqual(["raw/customers", "raw/order_items", "raw/orders", "raw/products", "raw/web_events"]);
    expect(graph.select("kind:source")).toEqual(graph.select("tier:raw"));
    for (const source of sources) expect(source.compute.kind).toBe("ingest");
  });

  it("keeps dirty raw data keyless and expiring, and keys every clean and curated asset", () => {
    for (const node of nodes) {
      const keyed = Object.values(node.columns).some((c) => c.primaryKey);
      expect(keyed, node.key).toBe(node.tier !== "raw");
      expect(node.retentionDays !== undefined, node.key).toBe(node.tier === "raw");
    }
  });

  it("reads raw data only through clean assets", () => {
    for (const node of graph.select("tier:curated").map((k) => graph.get(k))) {
      for (const parent of graph.parents(node.key)) expect(graph.get(parent).tier, `${node.key} reads ${parent}`).toBe("clean");
    }
  });

  it("treats the customers' personal data at the door and keeps it out of curated data", () => {
    const pii = (key: string) =>
      Object.fromEntries(Object.entries(graph.get(key).columns).flatMap(([name, c]) => (c.pii ? [[name, `${c.pii.kind}:${c.pii.treatment}`]] : [])));
    expect(pii("raw/customers")).toEqual({ email: "email:hash", full_name: "name:hash", phone: "phone:mask", birth_date: "date_of_birth:drop" });
    expect(pii("clean/customers")).toEqual({ email: "email:hash", phone: "phone:mask" });
    expect(pii("raw/web_events")).toEqual({ ip_address: "ip_address:hash" });
    const tagged = graph.select("tag:pii");
    expect(tagged).toEqual(expect.arrayContaining(["raw/customers", "clean/customers"]));
    expect(graph.select("tag:pii and tier:curated")).toEqual([]);
  });

  it("selects exactly the lineage of daily revenue upstream of it, with the assets its checks read", () => {
    // clean/orders and clean/order_items check against clean/customers and clean/products: a run builds those first.
    expect(graph.select("+curated/daily_revenue")).toEqual([
      "raw/customers", "raw/order_items", "raw/orders", "raw/products", "clean/customers", "clean/products", "clean/orders", "clean/order_items", "curated/daily_revenue",
    ]);
    expect(graph.select("raw/orders+")).toEqual(
      expect.arrayContaining(["clean/orders", "clean/order_items", "curated/daily_revenue", "curated/customer_lifetime_value", "curated/conversion_funnel"]),
    );
  });

  it("orders every parent before its children", () => {
    const position = new Map(graph.keys.map((key, i) => [key, i]));
    for (const node of nodes) {
      for (const parent of graph.parents(node.key)) expect(position.get(parent), `${parent} before ${node.key}`).toBeLessThan(position.get(node.key) ?? -1);
    }
  });

  it("gives every asset owners, a description, a group, its own checks, and a schedule or freshness policy", () => {
    for (const node of nodes) {
      expect(node.owners.length, node.key).toBeGreaterThan(0);
      expect(node.description?.length ?? 0, node.key).toBeGreaterThan(20);
      expect(node.group, node.key).toMatch(/^(sales|marketing|product)$/);
      expect(node.definition.checks.length, node.key).toBeGreaterThanOrEqual(3);
      expect(node.freshness !== undefined || node.schedule.kind !== "onDemand", node.key).toBe(true);
    }
  });

  it("warns on dirty raw data and blocks only on what makes a landing unusable", () => {
    for (const source of sources) {
      const checks = source.definition.checks;
      const blocking = checks.filter((c) => c.blocking);
      expect(checks.filter((c) => c.severity === "warn").length, source.key).toBeGreaterThan(blocking.length);
      for (const check of blocking) expect(["schema", "notNull", "rowCount"], `${source.key}: ${check.name}`).toContain(check.kind);
    }
  });

  it("uses every kind of check somewhere", () => {
    const kinds = new Set(nodes.flatMap((n) => n.checks.map((c) => c.kind)));
    expect([...kinds].sort()).toEqual(
      ["acceptedValues", "freshness", "notNull", "range", "regex", "relationships", "rowCount", "schema", "sql", "unique", "volumeAnomaly"].sort(),
    );
  });

  it("partitions facts by day and leaves entities and lifetime aggregates unpartitioned", () => {
    const daily = nodes.filter((n) => n.partitions?.kind === "time" && n.partitions.granularity === "daily").map((n) => n.key);
    expect(daily.sort()).toEqual(
      [
        "raw/orders", "raw/order_items", "raw/web_events",
        "clean/orders", "clean/order_items", "clean/web_events",
        "curated/daily_revenue", "curated/conversion_funnel", "curated/product_performance",
      ].sort(),
    );
    for (const node of nodes.filter((n) => n.partitions === undefined)) expect(node.key).toMatch(/customers|products|lifetime_value/);
  });

  it("reads late raw rows for two landing days, and every partition of facts for lifetime figures", () => {
    const mapping = (child: string, parent: string) => graph.get(child).dependencies.find((d) => d.key === parent)?.partitions;
    for (const table of ["orders", "order_items", "web_events"]) {
      expect(mapping(`clean/${table}`, `raw/${table}`)).toEqual({ kind: "timeWindow", startOffset: 0, endOffset: 2 });
    }
    expect(mapping("curated/daily_revenue", "clean/orders")).toEqual({ kind: "timeWindow", startOffset: 0, endOffset: 0 });
    expect(mapping("curated/conversion_funnel", "clean/orders")).toEqual({ kind: "timeWindow", startOffset: -1, endOffset: 0 });
    expect(mapping("curated/customer_lifetime_value", "clean/orders")).toEqual({ kind: "all" });
    expect(mapping("curated/product_performance", "clean/products")).toEqual({ kind: "all" });
  });

  it("filters every partitioned SQL asset to its window, and no unpartitioned one", () => {
    for (const node of nodes) {
      const template = sqlOf(node);
      if (template === undefined) continue;
      const macros = macrosIn(template);
      expect(macros.has("partitionStart") && macros.has("partitionEnd"), node.key).toBe(node.partitions !== undefined);
    }
  });

  it("lands sources on a clock and refreshes clean assets as soon as raw data lands", () => {
    for (const source of sources) expect(source.schedule.kind, source.key).toBe("cron");
    for (const key of graph.select("tier:clean")) expect(graph.get(key).schedule.kind, key).toBe("eager");
    expect(graph.get("curated/daily_revenue").freshness).toMatchObject({ kind: "cronDeadline", cron: "0 8 * * 1-5", timezone: "Europe/Berlin" });
  });
});

/**
 * Runs the platform's SQL on DuckDB over a small landed data set with the dirt raw data has:
 * re-sent rows, a status change, late rows, a test account, a bot. Assumes what the runtime
 * will do: raw partitions are landing days (by `_loaded_at`), and partitions are UTC days.
 */
describe("example platform: the SQL on DuckDB", () => {
  const DAY = "2024-03-01";
  let db: DuckDBInstance;
  let connection: DuckDBConnection;
  const table = (key: string) => duckdbDialect.tableName(key);
  const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  /** A parent's table; a raw parent restricted to the landing days its mapping reads. */
  function refSql(child: AssetNode, ref: AssetRef): string {
    const dependency = child.dependencies.find((d) => d.key === ref.key);
    if (graph.get(ref.key).tier !== "raw" || child.partitions === undefined || dependency?.partitions.kind !== "timeWindow") return table(ref.key);
    const { startOffset, endOffset } = dependency.partitions;
    return `(select * from ${table(ref.key)} where cast(_loaded_at as date) between date '${addDays(DAY, startOffset)}' and date '${addDays(DAY, endOffset)}')`;
  }

  function render(node: AssetNode, template: SqlTemplate) {
    const macros = { partitionKey: DAY, partitionStart: `${DAY} 00:00:00+00`, partitionEnd: `${addDays(DAY, 1)} 00:00:00+00` };
    return renderSql(template, { dialect: duckdbDialect, ref: (r) => refSql(node, r), macros, self: table(node.key) });
  }

  async function rows(text: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const reader = await connection.runAndReadAll(text, params as never);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  }

  beforeAll(async () => {
    db = await DuckDBInstance.create(":memory:");
    connection = await db.connect();
    await connection.run("set TimeZone = 'UTC'");
    for (const tier of ["raw", "clean", "curated"]) await connection.run(`create schema ${tier}`);
    for (const node of nodes) {
      const columns = Object.entries(node.columns)
        .filter(([, c]) => c.pii?.treatment !== "drop")
        .map(([name, c]) => `${name} ${duckdbDialect.columnType(c.type)}${c.nullable ? "" : " not null"}`);
      if (node.kind === "source") columns.push("_loaded_at timestamptz not null", "_source_file varchar not null", "_batch_id varchar not null");
      await connection.run(`create table ${table(node.key)} (${columns.join(", ")})`);
    }
    await connection.run(`
      insert into raw.orders (order_id, customer_id, status, currency, subtotal_amount, discount_amount, shipping_amount, tax_amount, total_amount, coupon_code, channel, ordered_at, updated_at, _loaded_at, _source_file, _batch_id) values
        ('SO-1001', 'C1', 'pending',  'eur', 100, 10, 5, 17.10, 112.10, 'spring10', 'Web', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00', '2024-03-01 10:00:00+00', 'orders/a.csv', 'b1'),
        ('SO-1001', 'C1', 'pending',  'eur', 100, 10, 5, 17.10, 112.10, 'spring10', 'Web', '2024-03-01 09:00:00+00', '2024-03-01 09:00:00+00', '2024-03-01 10:00:00+00', 'orders/a.csv', 'b1'),
        ('SO-1001', 'C1', 'Paid',     'eur', 100, 10, 5, 17.10, 112.10, 'spring10', 'Web', '2024-03-01 09:00:00+00', '2024-03-02 08:00:00+00', '2024-03-02 10:00:00+00', 'orders/b.csv', 'b2'),
        ('SO-1002', 'C2', 'CANCELED', 'EUR', 50,  0,  5, 10.45, 65.45,  null,       'ios', '2024-03-01 20:00:00+00', '2024-03-01 21:00:00+00', '2024-03-01 22:00:00+00', 'orders/a.csv', 'b1'),
        ('SO-1003', 'C1', 'shipped',  'EUR', 40,  0,  0, 7.60,  47.60,  null,       null,  '2024-03-01 23:30:00+00', '2024-03-02 12:00:00+00', '2024-03-03 01:00:00+00', 'orders/c.csv', 'b3'),
        ('SO-1004', 'C3', 'paid',     'EUR', 80,  0,  0, 15.20, 95.20,  null,       'web', '2024-03-01 12:00:00+00', '2024-03-01 12:00:00+00', '2024-03-05 01:00:00+00', 'orders/e.csv', 'b5'),
        ('SO-1005', 'C2', 'paid',     'EUR', 30,  0,  0, 5.70,  35.70,  null,       'web', '2024-02-29 23:50:00+00', '2024-02-29 23:50:00+00', '2024-03-01 01:00:00+00', 'orders/a.csv', 'b1'),
        ('SO-1006', null, 'paid',     'EUR', 20,  0,  0, 3.80,  23.80,  null,       'web', '2024-03-01 15:00:00+00', '2024-03-01 15:00:00+00', '2024-03-01 16:00:00+00', 'orders/a.csv', 'b1')`);
    await connection.run(`
      insert into raw.order_items (order_id, line_number, product_id, quantity, unit_price, discount_amount, _loaded_at, _source_file, _batch_id) values
        ('SO-1001', 1, 'P1', 2, 30, 10,   '2024-03-01 10:00:00+00', 'order_items/a.csv', 'b1'),
        ('SO-1001', 1, 'P1', 2, 30, 10,   '2024-03-02 10:00:00+00', 'order_items/b.csv', 'b2'),
        ('SO-1001', 2, 'P2', 1, 40, null, '2024-03-01 10:00:00+00', 'order_items/a.csv', 'b1'),
        ('SO-1002', 1, 'P2', 1, 50, 0,    '2024-03-01 22:00:00+00', 'order_items/a.csv', 'b1'),
        ('SO-1003', 1, 'P3', 4, 10, 0,    '2024-03-03 01:00:00+00', 'order_items/c.csv', 'b3')`);
    await connection.run(`
      insert into raw.customers (customer_id, email, full_name, phone, country_code, acquisition_channel, marketing_opt_in, is_test_account, created_at, updated_at, _loaded_at, _source_file, _batch_id) values
        ('C1', repeat('a', 64), repeat('b', 64), '*******1234', 'de', 'Paid_Search', true, false, '2024-01-05 10:00:00+00', '2024-01-05 10:00:00+00', '2024-02-28 02:00:00+00', 'customers/0228.csv', 'c1'),
        ('C1', repeat('a', 64), repeat('b', 64), '*******1234', 'at', 'Paid_Search', true, false, null,                  '2024-02-28 12:00:00+00', '2024-02-29 02:00:00+00', 'customers/0229.csv', 'c2'),
        ('C2', repeat('c', 64), repeat('d', 64), null,          'FR', 'tiktok',      null, null,  '2024-02-10 10:00:00+00', '2024-02-10 10:00:00+00', '2024-02-29 02:00:00+00', 'customers/0229.csv', 'c2'),
        ('C4', repeat('9', 64), null,            null,          'NL', 'direct',      true,  false, '2024-02-01 10:00:00+00', '2024-02-01 10:00:00+00', '2024-02-29 02:00:00+00', 'customers/0229.csv', 'c2'),
        ('C1', repeat('a', 64), repeat('b', 64), '*******1234', 'at', 'Paid_Search', true, false, null,                  '2024-02-28 12:00:00+00', '2024-03-02 02:00:00+00', 'customers/0302.csv', 'c3'),
        ('C2', repeat('c', 64), repeat('d', 64), null,          'FR', 'tiktok',      null, null,  '2024-02-10 10:00:00+00', '2024-02-10 10:00:00+00', '2024-03-02 02:00:00+00', 'customers/0302.csv', 'c3'),
        ('C3', repeat('e', 64), null,            null,          null, null,          false, false, '2024-03-01 11:00:00+00', '2024-03-01 11:00:00+00', '2024-03-02 02:00:00+00', 'customers/0302.csv', 'c3'),
        ('T1', repeat('f', 64), null,            null,          'DE', 'direct',      false, true,  '2024-01-02 10:00:00+00', '2024-01-02 10:00:00+00', '2024-03-02 02:00:00+00', 'customers/0302.csv', 'c3')`);
    await connection.run(`
      insert into raw.products (product_id, sku, name, category, price, currency, is_active, attributes, updated_at, _loaded_at, _source_file, _batch_id) values
        ('P1', 'tee-001', 'Organic tee', 'Apparel', '30.00', 'EUR', true, '{"size": "M"}', '2024-01-01 00:00:00+00', '2024-03-01 00:00:00+00', 'products/1.jsonl', 'p1'),
        ('P2', 'MUG-002', 'Enamel mug', ' home ', '40', 'EUR', true, null, null, '2024-03-01 00:00:00+00', 'products/1.jsonl', 'p1'),
        ('P3', 'PIN-003', '', null, '10.5', 'EUR', false, null, null, '2024-03-01 00:00:00+00', 'products/1.jsonl', 'p1')`);
    const event = (id: string, session: string, type: string, at: string, device: string, properties: string, agent = "Mozilla/5.0") =>
      `('${id}', '${type}', 'anon-${session}', null, '${session}', '2024-03-01 ${at}:00+00', '/', '${device}', '${agent}', '${properties}', '2024-03-01 ${at}:00+00', 'web_events/1.jsonl', 'w1')`;
    await connection.run(`
      insert into raw.web_events (event_id, event_type, anonymous_id, customer_id, session_id, occurred_at, page_path, device_type, user_agent, properties, _loaded_at, _source_file, _batch_id) values
        ${[
          event("e01", "S1", "page_viewed", "08:50", "Desktop", "{}"),
          event("e02", "S1", "product_viewed", "08:52", "Desktop", '{"product_id": "P1"}'),
          event("e02", "S1", "product_viewed", "08:52", "Desktop", '{"product_id": "P1"}'),
          event("e03", "S1", "added_to_cart", "08:55", "Desktop", '{"product_id": "P1"}'),
          event("e04", "S1", "checkout_started", "08:57", "Desktop", "{}"),
          event("e05", "S1", "checkout_completed", "09:01", "Desktop", '{"order_id": "SO-1001"}'),
          event("e06", "S2", "product_viewed", "10:00", "mobile", '{"product_id": "P2"}'),
          event("e07", "S2", "added_to_cart", "10:02", "mobile", '{"product_id": "P2"}'),
          event("e08", "S3", "product_viewed", "11:00", "desktop", '{"product_id": "P1"}', "Googlebot/2.1"),
          event("e09", "S4", "product_viewed", "19:50", "mobile", '{"product_id": "P2"}'),
          event("e10", "S4", "added_to_cart", "19:52", "mobile", '{"product_id": "P2"}'),
          event("e11", "S4", "checkout_started", "19:55", "mobile", "{}"),
          event("e12", "S4", "checkout_completed", "20:01", "mobile", '{"order_id": "SO-1002"}'),
        ].join(",\n")}`);
    for (const node of nodes) {
      const template = sqlOf(node);
      if (template === undefined) continue;
      const { text, params } = render(node, template);
      await connection.run(`insert into ${table(node.key)} by name select * from (${text})`, params as never);
    }
  });

  afterAll(() => {
    connection?.closeSync();
    db?.closeSync();
  });

  it("computes exactly the declared columns, in order, for every SQL asset", async () => {
    for (const node of nodes) {
      const template = sqlOf(node);
      if (template === undefined) continue;
      const { text, params } = render(node, template);
      const reader = await connection.runAndReadAll(`select * from (${text}) limit 0`, params as never);
      expect(reader.columnNames(), node.key).toEqual(Object.keys(node.columns));
    }
  });

  it("keeps the latest version of each order of the day, and drops late, foreign-day and unusable rows", async () => {
    expect(await rows("select order_id, status, is_paid, channel, coupon_code from clean.orders order by order_id")).toEqual([
      { order_id: "SO-1001", status: "paid", is_paid: true, channel: "web", coupon_code: "SPRING10" },
      { order_id: "SO-1002", status: "cancelled", is_paid: false, channel: "ios", coupon_code: null },
      { order_id: "SO-1003", status: "shipped", is_paid: true, channel: "web", coupon_code: null },
    ]);
    expect(await rows("select order_id, line_number, net_amount from clean.order_items order by all")).toEqual([
      { order_id: "SO-1001", line_number: 1, net_amount: "50.00" },
      { order_id: "SO-1001", line_number: 2, net_amount: "40.00" },
      { order_id: "SO-1002", line_number: 1, net_amount: "50.00" },
      { order_id: "SO-1003", line_number: 1, net_amount: "40.00" },
    ]);
  });

  it("cleans customers: the newest snapshot's accounts only (C4, deleted from it, is gone), first creation time, test accounts removed, channels normalised", async () => {
    expect(await rows("select customer_id, country_code, acquisition_channel, marketing_opt_in, cast(created_at as varchar) as created_at from clean.customers order by 1")).toEqual([
      { customer_id: "C1", country_code: "AT", acquisition_channel: "paid_search", marketing_opt_in: true, created_at: "2024-01-05 10:00:00+00" },
      { customer_id: "C2", country_code: "FR", acquisition_channel: "other", marketing_opt_in: false, created_at: "2024-02-10 10:00:00+00" },
      { customer_id: "C3", country_code: null, acquisition_channel: "unknown", marketing_opt_in: false, created_at: "2024-03-01 11:00:00+00" },
    ]);
  });

  it("adds up the day's revenue from paid orders only", async () => {
    expect(await rows("select * exclude (revenue_date) from curated.daily_revenue where revenue_date = date '2024-03-01'")).toEqual([
      {
        orders_placed: "3", paid_orders: "2", cancelled_orders: "1", refunded_orders: "0", paying_customers: "1", units_sold: "7",
        gross_revenue: "140.00", discounts: "10.00", net_revenue: "130.00", shipping_revenue: "5.00", tax_collected: "24.70", average_order_value: "65.00",
      },
    ]);
  });

  it("counts funnel sessions strictly by step, without bots, and purchases only for paid orders", async () => {
    expect(await rows("select device_type, sessions, product_view_sessions, add_to_cart_sessions, checkout_sessions, purchase_sessions, conversion_rate from curated.conversion_funnel order by 1")).toEqual([
      { device_type: "desktop", sessions: "1", product_view_sessions: "1", add_to_cart_sessions: "1", checkout_sessions: "1", purchase_sessions: "1", conversion_rate: 1 },
      { device_type: "mobile", sessions: "2", product_view_sessions: "2", add_to_cart_sessions: "2", checkout_sessions: "1", purchase_sessions: "0", conversion_rate: 0 },
    ]);
  });

  it("values customers over their paid orders and segments the ones who never paid as prospects", async () => {
    const clv = await rows("select customer_id, orders_count, lifetime_revenue, segment from curated.customer_lifetime_value order by 1");
    expect(clv.map((r) => r.customer_id)).toEqual(["C1", "C2", "C3"]);
    expect(clv[0]).toMatchObject({ orders_count: "2", lifetime_revenue: "130.00" });
    expect(clv[1]).toMatchObject({ orders_count: "0", lifetime_revenue: "0.00", segment: "prospect" });
  });

  it("reports product views and paid sales per product", async () => {
    expect(await rows("select product_id, product_name, category, product_views, units_sold, net_revenue from curated.product_performance order by 1")).toEqual([
      { product_id: "P1", product_name: "Organic tee", category: "apparel", product_views: "1", units_sold: "2", net_revenue: "50.00" },
      { product_id: "P2", product_name: "Enamel mug", category: "home", product_views: "2", units_sold: "1", net_revenue: "40.00" },
      { product_id: "P3", product_name: "P3", category: "uncategorised", product_views: "0", units_sold: "4", net_revenue: "40.00" },
    ]);
  });

  it("passes every custom SQL check, except the raw one that flags the order landed too late", async () => {
    const failing: string[] = [];
    for (const node of nodes) {
      for (const check of node.checks) {
        if (check.kind !== "sql") continue;
        const { text, params } = render(node, check.query);
        const found = await rows(`select count(*)::integer as n from (${text})`, params);
        if (found[0]?.n !== 0) failing.push(`${node.key}: ${check.name}`);
      }
    }
    expect(failing).toEqual(["raw/orders: rows_beyond_late_window"]);
  });
});
