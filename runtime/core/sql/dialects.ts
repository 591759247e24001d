import { assertNever } from "../assert-never.ts";
import type { ColumnType } from "../declare/column.ts";
import { schemaAndTable, type Dialect, type DialectName } from "./dialect.ts";

/** A quantile fraction as an SQL literal: `0.25`. */
function fractionLiteral(fraction: number): string {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`A quantile fraction must lie between 0 and 1 (exclusive), not ${fraction}`);
  return String(fraction);
}

/** The fewest equal buckets whose boundaries include every fraction (4 for 0.25/0.5/0.75), at most 1,000. */
function quantileBuckets(fractions: readonly number[]): number {
  fractions.forEach(fractionLiteral);
  for (let n = 2; n <= 1000; n++) if (fractions.every((f) => Math.abs(f * n - Math.round(f * n)) < 1e-9)) return n;
  return 1000;
}

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
  countIf: (predicate: string) => `count(*) filter (where ${predicate})`,
  regexContains: (text: string, pattern: string) => `regexp_matches(${text}, ${pattern})`,
  epochMillis: (instant: string) => `epoch_ms(cast(${instant} as TIMESTAMPTZ))`,
  approxCountDistinct: (expr: string) => `approx_count_distinct(${expr})`,
  // A reservoir sample of 8,192 values: cheaper than approx_quantile's t-digest of every value.
  approxQuantiles: (expr: string, fractions: readonly number[]) => `reservoir_quantile(${expr}, [${fractions.map(fractionLiteral).join(", ")}])`,
  stringLength: (expr: string) => `length(${expr})`,
  distinctIntegersBetween: (expr: string, min: string, max: string) => `bit_count(bitstring_agg(${expr}, ${min}, ${max}))`,
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
  countIf: (predicate: string) => `count_if(${predicate})`,
  regexContains: (text: string, pattern: string) => `(${text} rlike ${pattern})`,
  epochMillis: (instant: string) => `unix_millis(cast(${instant} as TIMESTAMP))`,
  approxCountDistinct: (expr: string) => `approx_count_distinct(${expr})`,
  approxQuantiles: (expr: string, fractions: readonly number[]) => `percentile_approx(${expr}, array(${fractions.map(fractionLiteral).join(", ")}))`,
  stringLength: (expr: string) => `char_length(${expr})`,
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
  countIf: (predicate: string) => `COUNTIF(${predicate})`,
  regexContains: (text: string, pattern: string) => `REGEXP_CONTAINS(${text}, ${pattern})`,
  epochMillis: (instant: string) => `UNIX_MILLIS(cast(${instant} as TIMESTAMP))`,
  approxCountDistinct: (expr: string) => `APPROX_COUNT_DISTINCT(${expr})`,
  approxQuantiles(expr: string, fractions: readonly number[]): string {
    // APPROX_QUANTILES(x, n) returns n + 1 boundaries, minimum first: pick the requested ones.
    const buckets = quantileBuckets(fractions);
    const all = `APPROX_QUANTILES(${expr}, ${buckets})`;
    return `[${fractions.map((f) => `${all}[OFFSET(${Math.round(f * buckets)})]`).join(", ")}]`;
  },
  stringLength: (expr: string) => `CHAR_LENGTH(${expr})`,
} satisfies Dialect);

const DIALECTS: Readonly<Record<DialectName, Dialect>> = { duckdb: duckdbDialect, spark: sparkDialect, bigquery: bigqueryDialect };

/** The dialect called `name`. */
export function dialectOf(name: DialectName): Dialect {
  return DIALECTS[name];
}
