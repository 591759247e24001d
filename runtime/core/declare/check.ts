import type { Duration } from "./duration.ts";
import type { SqlTemplate } from "./sql-template.ts";

/** `warn` reports; `error` fails the check. */
export type CheckSeverity = "warn" | "error";

/** Fields every check has. */
export interface CheckBase {
  /** Unique within the asset; defaults to `<kind>_<columns>`. */
  readonly name: string;
  readonly severity: CheckSeverity;
  /** A failing blocking check stops the publish (write-audit-publish). Errors block by default. */
  readonly blocking: boolean;
  readonly description?: string;
}

/** A value a column may take in `acceptedValues`. */
export type AcceptedValue = string | number | boolean;

/**
 * A declared data-quality check. The runtime fuses all checks of an asset into one scan.
 *
 * - `notNull`, `unique`: on one or more columns;
 * - `acceptedValues`, `range`, `regex`: per-row predicates on one column;
 * - `relationships`: every value exists in another asset's column (a foreign key);
 * - `rowCount`: the number of rows is within bounds;
 * - `volumeAnomaly`: the number of rows is within `stddevs` standard deviations of the last
 *   `lookback` runs (of the same weekday with `sameWeekday`);
 * - `freshness`: the newest value of a timestamp column is at most `maxAge` old;
 * - `schema`: the data has exactly the declared columns;
 * - `sql`: custom SQL returning failing rows.
 */
export type CheckSpec = CheckBase &
  (
    | { readonly kind: "notNull"; readonly columns: readonly string[] }
    | { readonly kind: "unique"; readonly columns: readonly string[] }
    | { readonly kind: "acceptedValues"; readonly column: string; readonly values: readonly AcceptedValue[] }
    | { readonly kind: "relationships"; readonly column: string; readonly to: string; readonly toColumn: string }
    | { readonly kind: "range"; readonly column: string; readonly min?: number | string; readonly max?: number | string; readonly inclusive: boolean }
    | { readonly kind: "regex"; readonly column: string; readonly pattern: string }
    | { readonly kind: "rowCount"; readonly min?: number; readonly max?: number }
    | { readonly kind: "volumeAnomaly"; readonly stddevs: number; readonly lookback: number; readonly sameWeekday: boolean; readonly minHistory: number }
    | { readonly kind: "freshness"; readonly column: string; readonly maxAge: Duration }
    | { readonly kind: "schema"; readonly allowUnexpected: boolean }
    | { readonly kind: "sql"; readonly query: SqlTemplate }
  );

export type CheckKind = CheckSpec["kind"];

/** Options every check takes. */
export interface CheckOptions {
  /** @default "<kind>_<columns>" */
  readonly name?: string;
  /** @default "error" */
  readonly severity?: CheckSeverity;
  /** @default true for errors, false for warnings */
  readonly blocking?: boolean;
  readonly description?: string;
}
