import type { ColumnSpec } from "../model/column.ts";

/** Load metadata columns that ingestion adds to every raw-tier row. */
export const LOAD_METADATA_COLUMNS = ["_loaded_at", "_source_file", "_batch_id"] as const;

/** The columns that exist in published data: declared ones minus dropped PII. */
export function publishedColumns(columns: Readonly<Record<string, ColumnSpec>>): [string, ColumnSpec][] {
  return Object.entries(columns).filter(([, c]) => c.pii?.treatment !== "drop");
}
