import pg from "pg";
import type { AssetDefinition, ColumnType } from "lakeform";
import { rawCustomers } from "../raw/customers.ts";
import { rawOrders } from "../raw/orders.ts";
import { rawProducts } from "../raw/products.ts";
import type { LandingFile } from "./landing-file.ts";

type Row = LandingFile["rows"][number];

/** The newest snapshot file's rows: the table as the app holds it now. */
function newestSnapshot(files: readonly LandingFile[]): readonly Row[] {
  return [...files].sort((a, b) => a.landedAt.getTime() - b.landedAt.getTime()).at(-1)?.rows ?? [];
}

/** Each order's last exported version (an order without a change time changed when it was placed): the orders table now. */
function currentOrders(files: readonly LandingFile[]): readonly Row[] {
  const byId = new Map<unknown, Row>();
  for (const file of [...files].sort((a, b) => a.landedAt.getTime() - b.landedAt.getTime())) {
    for (const row of file.rows) byId.set(row.order_id, { ...row, updated_at: row.updated_at ?? row.ordered_at ?? null });
  }
  return [...byId.values()];
}

/** The app database's table each source reads (see `assets/raw/app-database.ts`), and its rows from the demo's files. */
const APP_TABLES: readonly (readonly [AssetDefinition, string, (files: readonly LandingFile[]) => readonly Row[]])[] = [
  [rawCustomers, "customers", newestSnapshot],
  [rawProducts, "products", newestSnapshot],
  [rawOrders, "orders", currentOrders],
];

function postgresType(type: ColumnType): string {
  switch (type.kind) {
    case "string": return "text";
    case "int32": return "integer";
    case "int64": return "bigint";
    case "double": return "double precision";
    case "decimal": return `numeric(${type.precision}, ${type.scale})`;
    case "boolean": return "boolean";
    case "date": return "date";
    case "timestamp": return "timestamptz";
    case "json": return "jsonb";
  }
}

/**
 * Replaces the app database's `customers`, `products` and `orders` tables with what the demo
 * generated: the newest snapshot of customers (clear-text PII, as the app holds it) and products,
 * each order's last version; so the platform can extract them instead of reading the landed
 * files. Returns the rows written per table.
 */
export async function seedAppDatabase(url: string, files: readonly LandingFile[]): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const written: Record<string, number> = {};
  try {
    for (const [source, table, rowsOf] of APP_TABLES) {
      const columns = Object.entries(source.columns).map(([name, c]) => `${pg.escapeIdentifier(name)} ${postgresType(c.spec.type)}`);
      const name = pg.escapeIdentifier(table);
      await client.query(`drop table if exists ${name}; create table ${name} (${columns.join(", ")})`);
      const rows = rowsOf(files.filter((f) => f.source === source.key));
      await client.query(`insert into ${name} select * from json_populate_recordset(null::${name}, $1::json)`, [JSON.stringify(rows)]);
      written[table] = rows.length;
    }
  } finally {
    await client.end();
  }
  return written;
}
