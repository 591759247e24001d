/** A string literal for DuckDB SQL. Only for Lakeform's own values (paths, names), never user data. */
export function stringLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A quoted identifier. */
export function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `[ 'a.parquet', 'b.parquet' ]` for read_parquet. */
export function fileList(files: readonly string[]): string {
  return `[${files.map(stringLiteral).join(", ")}]`;
}
