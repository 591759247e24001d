import type { ColumnSpec } from "../../core/declare/column.ts";
import { treatSample } from "../../core/pii/treat-sample.ts";

/**
 * Why a record of a page cannot land, or undefined: it must be a JSON object holding every
 * required column with a value. (Types are enforced when the batch loads, exactly as for a file.)
 */
export function recordProblem(record: unknown, columns: Readonly<Record<string, ColumnSpec>>): string | undefined {
  if (record === null || typeof record !== "object" || Array.isArray(record)) return "it is not a JSON object";
  const values = record as Record<string, unknown>;
  const missing = Object.keys(columns).filter((name) => columns[name]?.nullable === false && columns[name]?.pii?.treatment !== "drop" && (values[name] === undefined || values[name] === null));
  return missing.length === 0 ? undefined : `required column ${missing.map((n) => `"${n}"`).join(", ")} ${missing.length === 1 ? "is" : "are"} missing or null`;
}

/**
 * A record as the line a batch file holds: the declared columns (PII treated as declared, dropped
 * columns left out; objects and arrays kept as JSON), and fields the declaration lacks by name
 * only (null), so the load reports them as drift without their values ever being written.
 */
export function apiRecordLine(record: Readonly<Record<string, unknown>>, columns: Readonly<Record<string, ColumnSpec>>, piiKey: Buffer | undefined): string {
  const line: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(columns)) {
    if (column.pii?.treatment === "drop" || !(name in record)) continue;
    const value = record[name];
    if (value === null || value === undefined) line[name] = null;
    else if (column.pii !== undefined) line[name] = treatSample(typeof value === "string" ? value : JSON.stringify(value), column.pii, piiKey);
    else if (column.type.kind === "json") line[name] = value;
    else line[name] = typeof value === "object" ? JSON.stringify(value) : value;
  }
  for (const name of Object.keys(record)) if (columns[name] === undefined) line[name] = null;
  return JSON.stringify(line);
}
