import type { ColumnSpec } from "../../core/declare/column.ts";
import { treatSample } from "../../core/pii/treat-sample.ts";

const BOOL = 16;
const JSON_TYPES = new Set([114, 3802]);

/** What an extraction writes of each row: the selected columns, and the undeclared ones by name only. */
export interface BatchLayout {
  /** Declared columns the relation has, PII to drop left out: read and written. */
  readonly selected: readonly string[];
  /** The relation's columns the declaration lacks: written as null, so the load reports them as drift without their values ever leaving the database. */
  readonly unexpected: readonly string[];
  /** The PostgreSQL type oid of each selected column. */
  readonly typeOf: ReadonlyMap<string, number>;
}

/**
 * One row as the JSON line a batch file holds: PostgreSQL's text of each value (booleans as
 * JSON booleans, `json`/`jsonb` as JSON), PII hashed or masked as declared — the same
 * treatment the loader applies to a file drop, so clear text never reaches a file.
 */
export function batchLine(row: Readonly<Record<string, string | null>>, layout: BatchLayout, columns: Readonly<Record<string, ColumnSpec>>, piiKey: Buffer | undefined): string {
  const record: Record<string, unknown> = {};
  for (const name of layout.selected) {
    const text = row[name] ?? null;
    const type = layout.typeOf.get(name);
    const pii = columns[name]?.pii;
    if (text === null) record[name] = null;
    else if (pii !== undefined) record[name] = treatSample(text, pii, piiKey);
    else if (type === BOOL) record[name] = text === "t";
    else if (type !== undefined && JSON_TYPES.has(type)) record[name] = JSON.parse(text) as unknown;
    else record[name] = text;
  }
  for (const name of layout.unexpected) record[name] = null;
  return JSON.stringify(record);
}
