import type { AnyAssetDefinition } from "./asset-ref.ts";
import type { ColumnName, Columns } from "./column.ts";
import type { AcceptedValue, CheckOptions, CheckSpec } from "./check.ts";
import type { Duration } from "./duration.ts";
import type { SqlTemplate } from "./sql-template.ts";

type OneOrMore<T> = T | readonly [T, ...T[]];
type Distribute<T> = T extends unknown ? Omit<T, "name" | "severity" | "blocking" | "description"> : never;
type CheckBody = Distribute<CheckSpec>;

function build(body: CheckBody, defaultName: string, options: CheckOptions = {}): CheckSpec {
  const severity = options.severity ?? "error";
  return Object.freeze({
    ...body,
    name: options.name ?? defaultName,
    severity,
    blocking: options.blocking ?? severity === "error",
    ...(options.description === undefined ? {} : { description: options.description }),
  }) as CheckSpec;
}

const list = (columns: string | readonly string[]): readonly string[] =>
  Object.freeze(typeof columns === "string" ? [columns] : [...columns]);

/**
 * Builds checks typed against an asset's columns: naming a column the asset does not declare
 * is a TypeScript compile error (and a validation error for untyped callers).
 * `checks: (c) => [c.notNull("order_id"), c.unique(["order_id", "line"])]`
 */
export interface CheckBuilder<Col extends string> {
  notNull(columns: OneOrMore<Col>, options?: CheckOptions): CheckSpec;
  unique(columns: OneOrMore<Col>, options?: CheckOptions): CheckSpec;
  acceptedValues(column: Col, values: readonly AcceptedValue[], options?: CheckOptions): CheckSpec;
  /** Every non-null value of `column` exists in `to`'s column `toColumn` (a foreign key). */
  relationships<P extends Columns>(
    column: Col,
    to: { readonly asset: AnyAssetDefinition<P>; readonly column: ColumnName<P> } | { readonly asset: string; readonly column: string },
    options?: CheckOptions,
  ): CheckSpec;
  /** Values within `[min, max]` (or `(min, max)` with `inclusive: false`); numbers, or ISO dates for date columns. */
  range(column: Col, bounds: { readonly min?: number | string; readonly max?: number | string; readonly inclusive?: boolean }, options?: CheckOptions): CheckSpec;
  /** Every non-null value matches `pattern` (RE2 syntax: no lookaround or back-references). */
  regex(column: Col, pattern: RegExp | string, options?: CheckOptions): CheckSpec;
  rowCount(bounds: { readonly min?: number; readonly max?: number }, options?: CheckOptions): CheckSpec;
  /**
   * The row count is within `stddevs` standard deviations of the last `lookback` runs.
   * "within 2 stddev of the last 10 Sundays": `volumeAnomaly({ stddevs: 2, lookback: 10, sameWeekday: true })`.
   */
  volumeAnomaly(settings?: { readonly stddevs?: number; readonly lookback?: number; readonly sameWeekday?: boolean; readonly minHistory?: number }, options?: CheckOptions): CheckSpec;
  /** The newest value of a timestamp column is at most `maxAge` before the materialisation. */
  freshness(column: Col, settings: { readonly maxAge: Duration }, options?: CheckOptions): CheckSpec;
  /** The data has every declared column, and no others unless `allowUnexpected`. */
  schema(settings?: { readonly allowUnexpected?: boolean }, options?: CheckOptions): CheckSpec;
  /** Custom SQL that returns the failing rows; refer to the asset itself as `${self}`. */
  sql(name: string, query: SqlTemplate, options?: Omit<CheckOptions, "name">): CheckSpec;
}

/** @internal The builder passed to an asset's `checks` callback: one shared instance, typed per asset. */
export function checkBuilder<Col extends string>(): CheckBuilder<Col> {
  return sharedBuilder as CheckBuilder<Col>;
}

const sharedBuilder: CheckBuilder<string> = {
    notNull: (columns, options) => build({ kind: "notNull", columns: list(columns) }, `not_null_${list(columns).join("_")}`, options),
    unique: (columns, options) => build({ kind: "unique", columns: list(columns) }, `unique_${list(columns).join("_")}`, options),
    acceptedValues: (column, values, options) =>
      build({ kind: "acceptedValues", column, values: Object.freeze([...values]) }, `accepted_values_${column}`, options),
    relationships: (column, to, options) =>
      build(
        { kind: "relationships", column, to: typeof to.asset === "string" ? to.asset : to.asset.key, toColumn: to.column },
        `relationships_${column}`,
        options,
      ),
    range: (column, bounds, options) =>
      build(
        {
          kind: "range",
          column,
          inclusive: bounds.inclusive ?? true,
          ...(bounds.min === undefined ? {} : { min: bounds.min }),
          ...(bounds.max === undefined ? {} : { max: bounds.max }),
        },
        `range_${column}`,
        options,
      ),
    regex: (column, pattern, options) =>
      build({ kind: "regex", column, pattern: typeof pattern === "string" ? pattern : pattern.source }, `regex_${column}`, options),
    rowCount: (bounds, options) =>
      build(
        { kind: "rowCount", ...(bounds.min === undefined ? {} : { min: bounds.min }), ...(bounds.max === undefined ? {} : { max: bounds.max }) },
        "row_count",
        options,
      ),
    volumeAnomaly: (settings = {}, options) =>
      build(
        {
          kind: "volumeAnomaly",
          stddevs: settings.stddevs ?? 2,
          lookback: settings.lookback ?? 10,
          sameWeekday: settings.sameWeekday ?? false,
          minHistory: settings.minHistory ?? 3,
        },
        "volume_anomaly",
        options,
      ),
    freshness: (column, settings, options) => build({ kind: "freshness", column, maxAge: settings.maxAge }, `freshness_${column}`, options),
    schema: (settings = {}, options) => build({ kind: "schema", allowUnexpected: settings.allowUnexpected ?? false }, "schema", options),
    sql: (name, query, options) => build({ kind: "sql", query }, name, { ...options, name }),
};
Object.freeze(sharedBuilder);
