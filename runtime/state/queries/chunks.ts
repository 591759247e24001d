/**
 * Rows per multi-row statement: far below the parameters a statement may bind (SQLite 32,766,
 * PostgreSQL 65,535) for tables of up to 10 columns, and large enough to write thousands of
 * rows in a few statements.
 */
export const ROWS_PER_STATEMENT = 500;

/** `items` in runs of at most `size`, in order. */
export function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
