import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawCustomers, rawOrderItems, rawOrders, rawProducts, rawWebEvents } from "../../assets/index.ts";
import { DEMO_PII_KEY, DIRT_KINDS, generateLandingData, type LandingSummary } from "../../assets/demo/generate-landing-data.ts";

const SOURCES = [rawOrders, rawOrderItems, rawCustomers, rawProducts, rawWebEvents];
const END = new Date(Date.UTC(2024, 2, 14));
const scratch: string[] = [];

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lakeform-demo-"));
  scratch.push(dir);
  return dir;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/")).sort();
}

/** CSV as the exports write it: a header, quoted fields when needed, empty for null. */
function parseCsv(text: string): Record<string, string | null>[] {
  const records = text.trimEnd().split("\n").map((line) => {
    const fields: (string | null)[] = [];
    for (let i = 0; i <= line.length; ) {
      if (line[i] === '"') {
        let value = "";
        for (i++; i < line.length; i++) {
          if (line[i] === '"' && line[i + 1] === '"') {
            value += '"';
            i++;
          } else if (line[i] === '"') break;
          else value += line[i];
        }
        fields.push(value);
        i += 2;
      } else {
        const next = line.indexOf(",", i);
        const end = next === -1 ? line.length : next;
        fields.push(end === i ? null : line.slice(i, end));
        i = end + 1;
      }
    }
    return fields;
  });
  const [header = [], ...rows] = records;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name ?? "", row[i] ?? null])));
}

const cents = (value: string | null | undefined) => (value === null || value === undefined ? 0 : Math.round(Number(value) * 100));

afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe("demo landing data: fourteen days of tinybasket", () => {
  let dir: string;
  let summary: LandingSummary;

  beforeAll(async () => {
    dir = await scratchDir();
    summary = await generateLandingData({ dir, end: END });
  });

  it("lands one file per landing day for daily sources, a week of customer snapshots and daily catalogue snapshots", async () => {
    expect(summary.days).toHaveLength(14);
    expect(summary.days[0]).toBe("2024-03-01");
    expect(summary.days[13]).toBe("2024-03-14");
    const files = await filesUnder(dir);
    expect(files).toEqual(summary.files.map((f) => f.path).sort());
    for (const prefix of ["orders/", "order_items/", "web_events/"]) {
      const extension = prefix === "web_events/" ? "jsonl" : "csv";
      expect(files.filter((f) => f.startsWith(prefix))).toEqual(summary.days.map((d) => `${prefix}${d}.${extension}`));
    }
    expect(files.filter((f) => f.startsWith("customers/"))).toEqual(summary.days.slice(-7).map((d) => `customers/${d}.csv`));
    expect(files.filter((f) => f.startsWith("products/"))).toHaveLength(14);
  });

  it("sets each file's modification time to when it landed, inside its landing day (UTC)", async () => {
    for (const file of summary.files) {
      const { mtimeMs } = await stat(join(dir, file.path));
      expect(Math.floor(mtimeMs), file.path).toBe(file.landedAt.getTime());
      const landingDay = /(\d{4}-\d{2}-\d{2})/.exec(file.path)?.[1];
      expect(new Date(mtimeMs).toISOString().slice(0, 10), file.path).toBe(landingDay);
      expect(summary.days, file.path).toContain(landingDay);
    }
  });

  it("writes exactly each source's declared columns, in declared order", async () => {
    for (const source of SOURCES) {
      const declared = Object.keys(source.columns);
      const files = summary.files.filter((f) => f.source === source.key);
      expect(files.length, source.key).toBeGreaterThan(0);
      for (const file of files) {
        const text = await readFile(join(dir, file.path), "utf8");
        if (file.path.endsWith(".csv")) expect(text.slice(0, text.indexOf("\n")).split(","), file.path).toEqual(declared);
        else {
          const keySets = new Set(text.trimEnd().split("\n").map((line) => Object.keys(JSON.parse(line) as object).join(",")));
          expect([...keySets], file.path).toEqual([declared.join(",")]);
        }
      }
    }
  });

  it("makes order totals and order lines add up to the cent, as clean/orders and clean/order_items check", async () => {
    const read = async (prefix: string) => (await Promise.all(summary.files.filter((f) => f.path.startsWith(prefix)).map(async (f) => parseCsv(await readFile(join(dir, f.path), "utf8"))))).flat();
    const orders = new Map<string, Record<string, string | null>>();
    for (const row of await read("orders/")) {
      if (row.total_amount === null) continue;
      expect(cents(row.total_amount), row.order_id ?? "").toBe(cents(row.subtotal_amount) - cents(row.discount_amount) + cents(row.shipping_amount) + cents(row.tax_amount));
      expect(cents(row.discount_amount)).toBeLessThanOrEqual(cents(row.subtotal_amount));
      orders.set(row.order_id ?? "", row);
    }
    const lines = new Map<string, number>();
    for (const row of await read("order_items/")) lines.set(`${row.order_id}/${row.line_number}`, row.product_id === null ? 0 : Number(row.quantity) * cents(row.unit_price) - cents(row.discount_amount));
    const netByOrder = new Map<string, number>();
    for (const [key, net] of lines) {
      expect(net, key).toBeGreaterThanOrEqual(0);
      const orderId = key.split("/")[0] ?? "";
      netByOrder.set(orderId, (netByOrder.get(orderId) ?? 0) + net);
    }
    expect(netByOrder.size).toBeGreaterThan(2000);
    for (const [orderId, net] of netByOrder) {
      const order = orders.get(orderId);
      if (order !== undefined) expect(net, orderId).toBe(cents(order.subtotal_amount) - cents(order.discount_amount));
    }
  });

  it("is a small shop's worth of data with every kind of dirt in it", () => {
    expect(summary.entities.customers).toBeGreaterThan(300);
    expect(summary.entities.products).toBeGreaterThanOrEqual(50);
    expect(summary.entities.orders / 14).toBeGreaterThan(150);
    expect(summary.rows["raw/web_events"]).toBeGreaterThan(summary.rows["raw/orders"] ?? Infinity);
    for (const kind of Object.keys(DIRT_KINDS)) expect(summary.dirt[kind as keyof typeof DIRT_KINDS], kind).toBeGreaterThan(0);
  });
});

describe("demo landing data: determinism", () => {
  async function generate(seed: number): Promise<{ dir: string; files: string[] }> {
    const dir = await scratchDir();
    await generateLandingData({ dir, end: new Date(Date.UTC(2024, 2, 14, 17, 30)), days: 3, seed });
    return { dir, files: await filesUnder(dir) };
  }

  it("writes byte-identical files with identical mtimes for the same seed and days", async () => {
    const [a, b] = [await generate(11), await generate(11)];
    expect(b.files).toEqual(a.files);
    for (const file of a.files) {
      const [bytesA, bytesB] = [await readFile(join(a.dir, file)), await readFile(join(b.dir, file))];
      expect(bytesB.equals(bytesA), file).toBe(true);
      expect((await stat(join(b.dir, file))).mtimeMs, file).toBe((await stat(join(a.dir, file))).mtimeMs);
    }
  });

  it("writes different data for another seed", async () => {
    const [a, b] = [await generate(11), await generate(12)];
    const orders = "orders/2024-03-13.csv";
    expect(await readFile(join(b.dir, orders), "utf8")).not.toBe(await readFile(join(a.dir, orders), "utf8"));
  });
});

describe("demo landing data: options", () => {
  it("refuses landing days before the shop opened, naming the fix", async () => {
    await expect(generateLandingData({ dir: await scratchDir(), end: new Date(Date.UTC(2024, 0, 3)) })).rejects.toThrow(
      "Demo data: the first landing day 2023-12-21 is before the shop opened on 2024-01-01, where the daily partitions start. Fix: pass a later end, or fewer days.",
    );
  });

  it("exports a demo-only PII key long enough for ingestion", () => {
    expect(DEMO_PII_KEY.length).toBeGreaterThanOrEqual(16);
    expect(DEMO_PII_KEY).toMatch(/demo/i);
  });
});
