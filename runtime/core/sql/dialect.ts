import type { ColumnType } from "../declare/column.ts";

/** The SQL dialects Lakeform renders: one per engine family. */
export type DialectName = "duckdb" | "spark" | "bigquery";

/** Where tables live, per environment: a name prefix, and the GCP project for BigQuery. */
export interface TableNamespace {
  /** Prefixes schemas/databases/datasets, e.g. `lakeform_dev`. @default none */
  readonly prefix?: string;
  /** BigQuery only: the project holding the datasets. */
  readonly project?: string;
}

/**
 * How one SQL dialect names things. The table of an asset is derived from its key: the first
 * segment is the schema (database in Spark, dataset in BigQuery), the rest joined by `__`.
 */
export interface Dialect {
  readonly name: DialectName;
  quoteIdentifier(identifier: string): string;
  /** The fully qualified table of `key`: `clean/orders` → `"clean"."orders"` (DuckDB). */
  tableName(key: string, namespace?: TableNamespace): string;
  /** The column type in this dialect: decimal(12,2) → `DECIMAL(12,2)` / `NUMERIC(12, 2)`. */
  columnType(type: ColumnType): string;
  /** The placeholder of the n-th (0-based) bound parameter. */
  parameter(index: number): string;
}

/** Schema and table of a key, before quoting: `sales/eu/orders` → `["sales", "eu__orders"]`. */
export function schemaAndTable(key: string, prefix?: string): [schema: string, table: string] {
  const [first = "", ...rest] = key.split("/");
  const schema = prefix === undefined || prefix === "" ? first : `${prefix}_${first}`;
  return [schema, rest.length === 0 ? first : rest.join("__")];
}
