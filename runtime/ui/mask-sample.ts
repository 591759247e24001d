import type { ColumnSpec } from "../core/declare/column.ts";

/**
 * A failing-row sample as the UI shows it: the value of every column the asset marks as PII
 * replaced by `‹pii:kind›` — on top of the treatment the data already had (hashed, masked or
 * dropped in the stored sample), so no personal value reaches a browser even from a raw-tier
 * check. Pure.
 */
export function maskSample(row: Readonly<Record<string, unknown>>, columns: Readonly<Record<string, ColumnSpec>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([name, value]) => {
    const pii = columns[name]?.pii;
    return [name, pii === undefined || value === null ? value : `‹pii:${pii.kind}›`];
  }));
}
