import { escapeIdentifier } from "pg";
import type { PostgresSourceSpec } from "../../core/declare/postgres-source.ts";

/** Columns Lakeform adds to an extraction query for itself; never landed. */
export const CURSOR_TEXT = "__lakeform_cursor";
export const LATE_FLAG = "__lakeform_late";

/** `schema.table` quoted, or the query as a subquery: what `from` reads. */
export function relationSql(spec: PostgresSourceSpec): string {
  if (spec.query !== undefined) return `(${spec.query})`;
  const parts = (spec.table ?? "").split(".");
  return parts.map((p) => escapeIdentifier(p)).join(".");
}

/** How the source is named in messages and in `_source_file`: the table, or `query`. */
export function relationName(spec: PostgresSourceSpec): string {
  return spec.table ?? "query";
}

/** The bounds of one incremental batch, as the database prints the cursor's values. */
export interface CursorBounds {
  /** Exclusive; undefined: from the first row. */
  readonly after: string | undefined;
  /** Inclusive; undefined: up to the newest row. */
  readonly upTo: string | undefined;
  /** Rows at or before this value are flagged late (`__lakeform_late`), to be checked against what landed. */
  readonly lateUpTo: string | undefined;
}

/**
 * The extraction query: the selected columns (as text, so values convert exactly at the door),
 * and for an incremental source its cursor as text and the cursor range, ordered by the cursor.
 * Values are parameters, never spliced in.
 */
export function extractionSql(spec: PostgresSourceSpec, columns: readonly string[], bounds: CursorBounds | undefined): { text: string; values: string[] } {
  const selected = columns.map((c) => `s.${escapeIdentifier(c)}`);
  const values: string[] = [];
  const where: string[] = [];
  let order = "";
  if (bounds !== undefined && spec.cursor !== undefined) {
    const cursor = `s.${escapeIdentifier(spec.cursor)}`;
    selected.push(`(${cursor})::text as ${CURSOR_TEXT}`);
    if (bounds.lateUpTo !== undefined) {
      values.push(bounds.lateUpTo);
      selected.push(`(${cursor} <= $${values.length}) as ${LATE_FLAG}`);
    }
    where.push(`${cursor} is not null`);
    if (bounds.after !== undefined) {
      values.push(bounds.after);
      where.push(`${cursor} > $${values.length}`);
    }
    if (bounds.upTo !== undefined) {
      values.push(bounds.upTo);
      where.push(`${cursor} <= $${values.length}`);
    }
    order = ` order by ${cursor}`;
  }
  const filter = where.length === 0 ? "" : ` where ${where.join(" and ")}`;
  return { text: `select ${selected.length === 0 ? "1" : selected.join(", ")} from ${relationSql(spec)} as s${filter}${order}`, values };
}
