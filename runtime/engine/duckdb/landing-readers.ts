import type { ColumnSpec } from "../../model/column.ts";
import type { FileDropSpec } from "../../model/file-drop.ts";
import { duckdbDialect } from "../../sql/dialects.ts";
import type { DuckDBSession } from "./duckdb-session.ts";
import { stringLiteral } from "./sql-literals.ts";

/** The DuckDB type a landing column is read as: PII is read as text, to be treated. */
function readType(column: ColumnSpec): string {
  return column.pii === undefined ? duckdbDialect.columnType(column.type) : "VARCHAR";
}

/** The columns a landing file actually has, in order. */
export async function landingColumns(session: DuckDBSession, from: FileDropSpec, path: string): Promise<string[]> {
  const reader =
    from.format === "csv"
      ? `read_csv(${stringLiteral(path)}, header = true, all_varchar = true, delim = ${stringLiteral(from.delimiter ?? ",")})`
      : from.format === "jsonl"
        ? `read_json(${stringLiteral(path)}, format = 'newline_delimited', sample_size = -1)`
        : `read_parquet(${stringLiteral(path)}, hive_partitioning = false)`;
  return (await session.all(`DESCRIBE select * from ${reader}`)).map((r) => String(r.column_name));
}

/**
 * The table function reading one landing file with the declared types of the columns it has.
 * CSV rows that do not parse or convert go to `rejects` (table name) instead of failing the scan,
 * so every bad line can be reported with its number.
 */
export function landingReader(from: FileDropSpec, path: string, present: readonly [string, ColumnSpec][], rejects: string): string {
  const types = `{${present.map(([name, c]) => `${stringLiteral(name)}: ${stringLiteral(readType(c))}`).join(", ")}}`;
  switch (from.format) {
    case "csv":
      return `read_csv(${stringLiteral(path)}, header = true, delim = ${stringLiteral(from.delimiter ?? ",")}, types = ${types}, store_rejects = true, rejects_table = ${stringLiteral(rejects)}, rejects_scan = ${stringLiteral(`${rejects}_scan`)})`;
    case "jsonl":
      return `read_json(${stringLiteral(path)}, format = 'newline_delimited', columns = ${types})`;
    case "parquet":
      return `read_parquet(${stringLiteral(path)}, hive_partitioning = false)`;
  }
}
