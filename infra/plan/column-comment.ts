import type { TableColumn } from "./platform-plan.ts";

/**
 * What a catalog shows about a column: its description, and for personal data its kind and
 * treatment (`[PII email, hashed]`), so that people browsing the catalog — and governance rules
 * reading the deployed resources — see which columns hold personal data. `limit` is the catalog's
 * maximum length (Glue: 255; BigQuery: 1,024).
 */
export function columnComment(column: TableColumn, limit: number): string | undefined {
  const pii = column.pii === undefined ? undefined : `[PII ${column.pii.kind}, ${column.pii.treatment === "hash" ? "hashed" : "masked"}]`;
  const text = [column.description, pii].filter((part) => part !== undefined).join(" ");
  if (text === "") return undefined;
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
