import type { DataLocation } from "../../storage/data-location.ts";
import { localPathFor } from "./local-files.ts";

/** A string literal for DuckDB SQL. Only for Lakeform's own values (paths, names), never user data. */
export function stringLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A quoted identifier. */
export function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `[ 'a.parquet', 'b.parquet' ]` for read_parquet, from local paths or local locations (others are
 * refused, see {@link localPathFor}); a prefix location (`file:///…/v-1/`) reads every Parquet file below it.
 */
export function fileList(files: readonly (string | DataLocation)[]): string {
  return `[${files.map((f) => stringLiteral(readablePath(f))).join(", ")}]`;
}

function readablePath(file: string | DataLocation): string {
  // Published data in S3, read through httpfs where the session loaded it (the engine checks first).
  if (typeof file !== "string" && file.kind === "files" && file.uri.startsWith("s3://")) return file.uri.endsWith("/") ? `${file.uri}**/*.parquet` : file.uri;
  const path = localPathFor(file);
  return typeof file !== "string" && path.endsWith("/") ? `${path}**/*.parquet` : path;
}
