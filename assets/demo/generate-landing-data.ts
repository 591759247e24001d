import { rawCustomers, rawOrderItems, rawOrders, rawWebEvents } from "../index.ts";
import { generateCatalogue } from "./catalogue.ts";
import { generateCustomers } from "./customer-base.ts";
import { customerSnapshotFiles } from "./customer-snapshots.ts";
import { dailyLandingFiles } from "./daily-landing-files.ts";
import { daysEndingAt } from "./demo-calendar.ts";
import { DirtLedger } from "./dirt-ledger.ts";
import type { LandingFile } from "./landing-file.ts";
import type { LandingSummary } from "./landing-summary.ts";
import { orderItemRows } from "./order-item-rows.ts";
import { planOrderLandings } from "./order-landings.ts";
import { orderRows } from "./order-rows.ts";
import { generateOrders } from "./orders.ts";
import { productSnapshotFiles } from "./product-snapshots.ts";
import { seedAppDatabase } from "./seed-app-database.ts";
import { Random } from "./random.ts";
import { planSessions } from "./session-plan.ts";
import { webEventRows } from "./web-event-rows.ts";
import { writeLandingFiles } from "./write-landing-files.ts";

export { DEMO_PII_KEY } from "./demo-pii-key.ts";
export { DIRT_KINDS, type DirtKind } from "./dirt-kinds.ts";
export type { LandedFileSummary, LandingSummary } from "./landing-summary.ts";

/** The options of `generateLandingData`. */
export interface LandingDataOptions {
  /** The landing directory to write under (the workspace's `landing/`). */
  readonly dir: string;
  /** The last landing day: its UTC midnight, or any instant in it. */
  readonly end: Date;
  /** How many landing days, ending with `end`. @default 14 */
  readonly days?: number;
  /** The same seed and days give byte-identical files. @default 20240101 */
  readonly seed?: number;
  /**
   * A PostgreSQL URL: also replace that app database's `customers` and `products` tables with
   * their newest snapshot, for a platform declared with `LAKEFORM_SOURCE_PG_URL`.
   * @default - only files are written
   */
  readonly appDatabaseUrl?: string;
}

const DEFAULT_DAYS = 14;
const DEFAULT_SEED = 20_240_101;
/** The shop opened, and the daily partitions start, on this day. */
const SHOP_OPENED = "2024-01-01";
/** `raw/customers` keeps a week of nightly snapshots. */
const CUSTOMER_SNAPSHOTS = rawCustomers.retentionDays ?? 7;

function daysOf(options: LandingDataOptions): string[] {
  const count = options.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(count) || count < 1) throw new Error(`Demo data: days must be a whole number of at least 1, got ${count}. Fix: pass e.g. days: 14.`);
  if (Number.isNaN(options.end.getTime())) throw new Error("Demo data: end is not a valid date. Fix: pass e.g. new Date(Date.UTC(2024, 2, 14)).");
  const days = daysEndingAt(options.end, count);
  const first = days[0] ?? SHOP_OPENED;
  if (first < SHOP_OPENED) throw new Error(`Demo data: the first landing day ${first} is before the shop opened on ${SHOP_OPENED}, where the daily partitions start. Fix: pass a later end, or fewer days.`);
  return days;
}

/**
 * Writes a deterministic, realistic landing directory for the example platform: "tinybasket",
 * a small online grocery, over `days` landing days ending with `end`. Per landing day it lands
 * the orders export, its order lines and the tracker's web events (one file each, mtime inside
 * that UTC day); the CRM's nightly customer snapshots for the last week; and one catalogue
 * snapshot per day. The data carries the dirt the raw tier's warnings catch and the clean tier
 * handles (see `DIRT_KINDS`), so the whole platform materialises with warnings but nothing
 * blocked. The last day is generated whole (rows after the current moment included when it is
 * today), so pass a last day no later than today: customer_lifetime_value measures recency
 * against the current date. Files of the same name are overwritten; other files in `dir` are
 * left alone.
 *
 * @example
 * const summary = await generateLandingData({ dir: workspace.landingDir, end: new Date(Date.UTC(2024, 2, 14)) });
 * // materialise with LAKEFORM_PII_KEY=DEMO_PII_KEY
 */
export async function generateLandingData(options: LandingDataOptions): Promise<LandingSummary> {
  const days = daysOf(options);
  const seed = options.seed ?? DEFAULT_SEED;
  const rng = new Random(seed);
  const dirt = new DirtLedger();
  const customers = generateCustomers(rng.fork("customers"), days, dirt);
  const products = generateCatalogue(rng.fork("catalogue"), days, dirt);
  const orders = generateOrders(rng.fork("orders"), days, customers, products);
  const landings = planOrderLandings(rng.fork("order-landings"), orders, days, dirt);
  const sessions = planSessions(rng.fork("sessions"), days, orders, customers, products, dirt);
  const files: LandingFile[] = [
    ...customerSnapshotFiles(customers, days, CUSTOMER_SNAPSHOTS),
    ...productSnapshotFiles(products, days),
    ...dailyLandingFiles(rawOrders, orderRows(rng.fork("order-rows"), landings, dirt)),
    ...dailyLandingFiles(rawOrderItems, orderItemRows(rng.fork("order-item-rows"), landings, products, days, dirt)),
    ...dailyLandingFiles(rawWebEvents, webEventRows(rng.fork("web-event-rows"), sessions, days, dirt)),
  ];
  await writeLandingFiles(options.dir, files);
  if (options.appDatabaseUrl !== undefined) await seedAppDatabase(options.appDatabaseUrl, files);
  const rows: Record<string, number> = {};
  for (const file of files) rows[file.source] = (rows[file.source] ?? 0) + file.rows.length;
  return {
    dir: options.dir,
    days,
    seed,
    files: files.map((f) => ({ source: f.source, path: f.path, rows: f.rows.length, landedAt: f.landedAt })),
    rows,
    entities: { customers: customers.length, products: products.length, orders: orders.length, sessions: sessions.length },
    dirt: dirt.toRecord(),
  };
}
