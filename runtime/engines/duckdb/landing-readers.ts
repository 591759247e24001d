import { open } from "node:fs/promises";
import type { FileDropSpec } from "../../core/declare/file-drop.ts";
import type { DuckDBSession } from "./duckdb-session.ts";
import { stringLiteral } from "./sql-literals.ts";

/**
 * CSV lines up to this long are read (DuckDB's default is 2 MB); longer ones are rejected. The
 * read buffer must hold a whole line, so it is as large (DuckDB's default would be 16 times).
 */
export const MAX_CSV_LINE_BYTES = 64 * 1024 * 1024;

/** A field of a landing file as the engine sees it: its landed name and native type. */
export interface LandedField {
  readonly name: string;
  /** DuckDB's type for it in the file: `VARCHAR` for CSV; the Parquet type; sampled for JSON. */
  readonly type: string;
}

/** The first line of a file (at most 64 KB of it). */
export async function firstLine(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    return buffer.subarray(0, bytesRead).toString("utf8").split(/\r?\n/)[0] ?? "";
  } finally {
    await handle.close();
  }
}

/** The names in a CSV header line (quotes removed). */
function csvHeader(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, "$1").replace(/""/g, '"'));
}

function jsonReader(from: FileDropSpec, path: string, columns: string): string {
  return `read_json(${stringLiteral(path)}, format = ${from.format === "json" ? "'array'" : "'newline_delimited'"}, ${columns})`;
}

/** The fields a landing file actually has, in order. */
export async function landedFields(session: DuckDBSession, from: FileDropSpec, path: string): Promise<LandedField[]> {
  if (from.format === "csv") return csvHeader(await firstLine(path), from.delimiter ?? ",").map((name) => ({ name, type: "VARCHAR" }));
  const reader = from.format === "parquet" ? `read_parquet(${stringLiteral(path)}, hive_partitioning = false)` : jsonReader(from, path, "sample_size = -1");
  return (await session.all(`DESCRIBE select * from ${reader}`)).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

/**
 * The table function reading one landing file *without converting anything*: CSV and JSON
 * fields are read as text (`json` columns of JSON files as JSON), Parquet columns as stored,
 * so the declared types are applied afterwards by an exact, checked cast. `read` maps each
 * landed field to read to its read type. CSV rows that do not parse go to the `rejects` table.
 */
export function landingReader(from: FileDropSpec, path: string, read: ReadonlyMap<string, string>, options: { readonly rejects?: string; readonly rowNumbers?: boolean } = {}): string {
  const columns = `columns = {${[...read].map(([name, type]) => `${stringLiteral(name)}: ${stringLiteral(type)}`).join(", ")}}`;
  switch (from.format) {
    case "csv": {
      const rejects = options.rejects === undefined ? "" : `, store_rejects = true, rejects_table = ${stringLiteral(options.rejects)}, rejects_scan = ${stringLiteral(`${options.rejects}_scan`)}`;
      // No sniffing: the header gives the columns, all read as text.
      return `read_csv(${stringLiteral(path)}, header = true, auto_detect = false, delim = ${stringLiteral(from.delimiter ?? ",")}, quote = '"', escape = '"', max_line_size = ${MAX_CSV_LINE_BYTES}, buffer_size = ${MAX_CSV_LINE_BYTES}, ${columns}${rejects})`;
    }
    case "jsonl":
    case "json":
      return jsonReader(from, path, columns);
    case "parquet":
      return `read_parquet(${stringLiteral(path)}, hive_partitioning = false${options.rowNumbers === true ? ", file_row_number = true" : ""})`;
  }
}
