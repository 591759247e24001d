import { formatTimestamp } from "./demo-calendar.ts";
import type { LandingFile } from "./landing-file.ts";
import type { LandingValue } from "./landing-row.ts";

function csvField(value: LandingValue | null): string {
  if (value === null) return "";
  const text = value instanceof Date ? formatTimestamp(value) : typeof value === "object" ? JSON.stringify(value) : String(value);
  // Quote what CSV needs quoted, and padded text so that its spaces survive as sent.
  return /[",\n\r]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function jsonValue(value: LandingValue | null): unknown {
  return value instanceof Date ? formatTimestamp(value) : value;
}

/**
 * The bytes of a landing file: CSV with a header row, or JSON lines with every declared
 * column as a key (null when empty), in declared column order.
 */
export function formatLandingFile(file: LandingFile): string {
  switch (file.format) {
    case "csv":
      return [file.columns.join(","), ...file.rows.map((row) => file.columns.map((c) => csvField(row[c] ?? null)).join(","))].join("\n") + "\n";
    case "jsonl":
      return file.rows.map((row) => JSON.stringify(Object.fromEntries(file.columns.map((c) => [c, jsonValue(row[c] ?? null)])))).join("\n") + "\n";
    case "json":
    case "parquet":
      throw new Error(`Asset "${file.source}": the demo writes CSV and JSON lines only. Fix: land ${file.path} as csv or jsonl.`);
  }
}
