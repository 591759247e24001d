import type { ColumnSpec } from "../core/declare/column.ts";

/** The columns that exist in published data: declared ones minus dropped PII. */
export function publishedColumns(columns: Readonly<Record<string, ColumnSpec>>): [string, ColumnSpec][] {
  return Object.entries(columns).filter(([, c]) => c.pii?.treatment !== "drop");
}
