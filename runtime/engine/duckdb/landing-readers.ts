import { open } from "node:fs/promises";
import type { ColumnSpec } from "../../model/column.ts";
import type { FileDropSpec } from "../../model/file-drop.ts";
import { duckdbDialect } from "../../sql/dialects.ts";
import type { DuckDBSession } from "./duckdb-session.ts";
import { stringLiteral } from "./sql-literals.ts";

/** The DuckDB type a landing column is read as: PII is read as text, to be treated. */
function readType(column: ColumnSpec): string {
  return column.pii === undefined ? duckdbDialect.columnType(column.type) : "VARCHAR";
}

/** The names in a CSV header line (quotes removed). */
async function csvHeader(path: string, delimiter: string): Promise<string[]> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    const firstLine = buffer.subarray(0, bytesRead).toString("utf8").split(/\r?\n/)[0] ?? "";
    return firstLine.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, "$1").replace(/""/g, '"'));
  } finally {
    await handle.close();
  }
}

/** The columns a landing file actually has, in order. */
export async function landingColumns(session: DuckDBSession, from: FileDropSpec, path: string): Promise<string[]> {
  if (from.format === "csv") return csvHeader(path, from.delimiter ?? ",");
  const reader =
    from.format === "jsonl"
        ? `read_json(${stringLiteral(path)}, format = 'newline_delimited', sample_size = -1)`
        : `read_parquet(${stringLiteral(path)}, hive_partitioning = false)`;
  return (await session.all(`DESCRIBE select * from ${reader}`)).map((r) => String(r.column_name));
}

/**
 * The table function reading one landing file with the declared types of the columns it has.
 * CSV rows that do not parse or convert go to `rejects` (table name) instead of failing the scan,
 * so every bad line can be reported with its number.
 */
export function landingReader(from: FileDropSpec, path: string, present: readonly [string, ColumnSpec][], rejects: string, fileColumns: readonly string[]): string {
  const types = `{${present.map(([name, c]) => `${stringLiteral(name)}: ${stringLiteral(readType(c))}`).join(", ")}}`;
  switch (from.format) {
    case "csv": {
      // No sniffing: the header gives the columns, the declaration their types (others are text).
      const declared = new Map(present);
      const columns = `{${fileColumns.map((name) => `${stringLiteral(name)}: ${stringLiteral(declared.has(name) ? readType(declared.get(name) as ColumnSpec) : "VARCHAR")}`).join(", ")}}`;
      return `read_csv(${stringLiteral(path)}, header = true, auto_detect = false, delim = ${stringLiteral(from.delimiter ?? ",")}, quote = '"', escape = '"', columns = ${columns}, store_rejects = true, rejects_table = ${stringLiteral(rejects)}, rejects_scan = ${stringLiteral(`${rejects}_scan`)})`;
    }
    case "jsonl":
      return `read_json(${stringLiteral(path)}, format = 'newline_delimited', columns = ${types})`;
    case "parquet":
      return `read_parquet(${stringLiteral(path)}, hive_partitioning = false)`;
  }
}
