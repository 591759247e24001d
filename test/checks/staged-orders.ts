// Staged data for the audit-plan tests, written as Parquet by DuckDB: orders of partition
// 2024-03-01 (Asia/Tokyo) where every kind of check has something to find, or passes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { windowOf } from "../../runtime/core/partitions/time-window.ts";
import { DuckDBSession } from "../../runtime/engines/duckdb/duckdb-session.ts";
import type { AuditRequest } from "../../runtime/engines/engine.ts";
import { localFiles } from "../../runtime/storage/data-location.ts";
import { graph, orders } from "./all-check-kinds.ts";

export const PARTITION = "2024-03-01";

/** Rows: a duplicated order id, a status outside the accepted values, a bad e-mail, a negative VIP amount, an unknown customer, a null status. */
const FAILING_ORDERS = `
  select * from (values
    (1, 1, 'C1', 'new',      'ann@example.com', 10.00, 0.5,  date '2024-03-01', timestamptz '2024-03-01 01:00:00+00', true,  null),
    (2, 1, 'C1', 'paid',     null,              20.00, null, date '2024-03-01', timestamptz '2024-03-01 02:00:00+00', false, '{"gift": true}'),
    (2, 1, 'C1', 'refunded', 'NOT AN EMAIL',    -5.00, 0.1,  date '2024-03-01', timestamptz '2024-03-01 03:00:00+00', true,  null),
    (4, 2, 'C9', null,       'bob@example.com', 30.00, 0.2,  date '2024-03-01', timestamptz '2024-03-01 05:00:00+00', false, null)
  ) as t(order_id, line, customer_id, status, email, amount, discount, ordered_on, created_at, paid, attributes)`;

const PASSING_ORDERS = `
  select * from (values
    (1, 1, 'C1', 'new',  'ann@example.com', 10.00, 0.5,  date '2024-03-01', timestamptz '2024-03-01 01:00:00+00', true,  null),
    (2, 1, 'C3', 'paid', null,              20.00, null, date '2024-03-01', timestamptz '2024-03-01 02:00:00+00', false, '{"gift": true}')
  ) as t(order_id, line, customer_id, status, email, amount, discount, ordered_on, created_at, paid, attributes)`;

const CUSTOMERS = `select * from (values ('C1', true), ('C3', false)) as t(customer_id, vip)`;

/** A DuckDB session and a scratch folder holding the customers and both versions of staged orders. */
export class StagedOrders {
  private constructor(
    readonly session: DuckDBSession,
    readonly dir: string,
  ) {}

  static async create(): Promise<StagedOrders> {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-audit-plan-"));
    const session = await DuckDBSession.open({ tempDirectory: join(dir, "spill") });
    const typed = (rows: string) =>
      `select cast(order_id as BIGINT) as order_id, cast(line as INTEGER) as line, customer_id, status, email, cast(amount as DECIMAL(12,2)) as amount, cast(discount as DOUBLE) as discount, ordered_on, created_at, paid, cast(attributes as JSON) as attributes from (${rows})`;
    await session.run(`COPY (${typed(FAILING_ORDERS)}) TO '${join(dir, "failing.parquet")}' (FORMAT parquet)`);
    await session.run(`COPY (${typed(PASSING_ORDERS)}) TO '${join(dir, "passing.parquet")}' (FORMAT parquet)`);
    await session.run(`COPY (${CUSTOMERS}) TO '${join(dir, "customers.parquet")}' (FORMAT parquet)`);
    return new StagedOrders(session, dir);
  }

  /** The audit request of the staged `version`, judged on 2024-03-05 with a steady history. */
  request(version: "failing" | "passing"): AuditRequest {
    const customers = graph.get("clean/customers");
    return {
      node: graph.get(orders.key),
      partition: PARTITION,
      files: [localFiles(join(this.dir, `${version}.parquet`))],
      drift: { missing: [], unexpected: [] },
      targets: new Map([["clean/customers", { key: customers.key, files: [localFiles(join(this.dir, "customers.parquet"))], columns: customers.columns, hasLoadMetadata: false }]]),
      rowHistory: [4, 3, 4, 4].map((rows, i) => ({ partition: `2024-02-${String(23 - 7 * i).padStart(2, "0")}`, rows, publishedAt: new Date(Date.UTC(2024, 1, 24 - 7 * i)) })),
      now: new Date("2024-03-05T00:00:00Z"),
    };
  }

  /** The time window of the partition. */
  get window(): { start: Date; end: Date } {
    const partitions = graph.get(orders.key).partitions;
    if (partitions?.kind !== "time") throw new Error("orders are partitioned by time");
    return windowOf(partitions, PARTITION);
  }

  close(): void {
    this.session.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
