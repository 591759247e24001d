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
  /** The placeholder of the n-th (0-based) bound parameter: `$1` / `:p0` / `@p0`. */
  parameter(index: number): string;
  /** An aggregate counting the rows where `predicate` holds: `count(*) filter (where …)` / `count_if(…)` / `COUNTIF(…)`. */
  countIf(predicate: string): string;
  /**
   * True when some part of `text` matches the regular expression `pattern` (a search, as
   * `regexp_matches` / `rlike` / `REGEXP_CONTAINS` do; anchor the pattern with `^…$` for a
   * full match).
   */
  regexContains(text: string, pattern: string): string;
  /** Milliseconds since the Unix epoch of a DATE or TIMESTAMP expression, as an integer. */
  epochMillis(instant: string): string;
  /** An approximate count of the distinct non-null values of `expr` (HyperLogLog). */
  approxCountDistinct(expr: string): string;
  /**
   * An aggregate returning the approximate quantiles of a numeric `expr` at `fractions` (each
   * in (0, 1)), as an array in the order given.
   */
  approxQuantiles(expr: string, fractions: readonly number[]): string;
  /** The length of a string in characters. */
  stringLength(expr: string): string;
  /**
   * An aggregate counting, exactly, the distinct values of an integer `expr` known to lie
   * between the integer literals `min` and `max` (a bitmap of that span: no hashing). Dialects
   * without one leave it out.
   */
  distinctIntegersBetween?(expr: string, min: string, max: string): string;
}

/** Schema and table of a key, before quoting: `sales/eu/orders` → `["sales", "eu__orders"]`. */
export function schemaAndTable(key: string, prefix?: string): [schema: string, table: string] {
  const [first = "", ...rest] = key.split("/");
  const schema = prefix === undefined || prefix === "" ? first : `${prefix}_${first}`;
  return [schema, rest.length === 0 ? first : rest.join("__")];
}
