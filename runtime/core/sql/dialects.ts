import { assertNever } from "../assert-never.ts";
import type { ColumnType } from "../declare/column.ts";
import { schemaAndTable, type Dialect, type DialectName } from "./dialect.ts";

/** DuckDB, the embedded default engine. */
export const duckdbDialect: Dialect = Object.freeze({
  name: "duckdb",
  quoteIdentifier: (id: string) => `"${id.replace(/"/g, '""')}"`,
  tableName(key, namespace) {
    return schemaAndTable(key, namespace?.prefix).map(this.quoteIdentifier).join(".");
  },
  columnType(type: ColumnType): string {
    switch (type.kind) {
      case "string": return "VARCHAR";
      case "int32": return "INTEGER";
      case "int64": return "BIGINT";
      case "double": return "DOUBLE";
      case "decimal": return `DECIMAL(${type.precision},${type.scale})`;
      case "boolean": return "BOOLEAN";
      case "date": return "DATE";
      case "timestamp": return "TIMESTAMPTZ";
      case "json": return "JSON";
      default: return assertNever(type);
    }
  },
  parameter: (index: number) => `$${index + 1}`,
} satisfies Dialect);

/** Spark SQL, on EMR. Parameters use Spark 3.4+ named markers. */
export const sparkDialect: Dialect = Object.freeze({
  name: "spark",
  quoteIdentifier: (id: string) => `\`${id.replace(/`/g, "``")}\``,
  tableName(key, namespace) {
    return schemaAndTable(key, namespace?.prefix).map(this.quoteIdentifier).join(".");
  },
  columnType(type: ColumnType): string {
    switch (type.kind) {
      case "string": return "STRING";
      case "int32": return "INT";
      case "int64": return "BIGINT";
      case "double": return "DOUBLE";
      case "decimal": return `DECIMAL(${type.precision},${type.scale})`;
      case "boolean": return "BOOLEAN";
      case "date": return "DATE";
      case "timestamp": return "TIMESTAMP";
      case "json": return "STRING";
      default: return assertNever(type);
    }
  },
  parameter: (index: number) => `:p${index}`,
} satisfies Dialect);

/** BigQuery Standard SQL. Tables are `project.dataset.table`. */
export const bigqueryDialect: Dialect = Object.freeze({
  name: "bigquery",
  quoteIdentifier: (id: string) => `\`${id.replace(/`/g, "\\`")}\``,
  tableName(key, namespace) {
    const [dataset, table] = schemaAndTable(key, namespace?.prefix);
    const path = namespace?.project === undefined ? `${dataset}.${table}` : `${namespace.project}.${dataset}.${table}`;
    return `\`${path}\``;
  },
  columnType(type: ColumnType): string {
    switch (type.kind) {
      case "string": return "STRING";
      case "int32":
      case "int64": return "INT64";
      case "double": return "FLOAT64";
      case "decimal":
        // NUMERIC holds 29 integer digits and 9 decimals; beyond that BIGNUMERIC.
        return type.precision - type.scale <= 29 && type.scale <= 9 ? `NUMERIC(${type.precision}, ${type.scale})` : `BIGNUMERIC(${type.precision}, ${type.scale})`;
      case "boolean": return "BOOL";
      case "date": return "DATE";
      case "timestamp": return "TIMESTAMP";
      case "json": return "JSON";
      default: return assertNever(type);
    }
  },
  parameter: (index: number) => `@p${index}`,
} satisfies Dialect);

const DIALECTS: Readonly<Record<DialectName, Dialect>> = { duckdb: duckdbDialect, spark: sparkDialect, bigquery: bigqueryDialect };

/** The dialect called `name`. */
export function dialectOf(name: DialectName): Dialect {
  return DIALECTS[name];
}
