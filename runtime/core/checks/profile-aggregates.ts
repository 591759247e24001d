import type { ColumnSpec } from "../declare/column.ts";
import type { Dialect } from "../sql/dialect.ts";

const NUMERIC = new Set(["int32", "int64", "double", "decimal"]);

/** The quartiles a profile reports for numeric columns. */
export const PROFILE_QUANTILES: readonly number[] = Object.freeze([0.25, 0.5, 0.75]);

/** A statistic of a column profile. */
export type ProfileMetric = "nulls" | "distinct" | "min" | "max" | "mean" | "stddev" | "quantiles" | "min_length" | "max_length";

/** One profile aggregate of the fused scan: the statistic, its SQL and the alias it is read back by. */
export interface Aggregate {
  readonly metric: ProfileMetric;
  readonly alias: string;
  readonly sql: string;
}

/** The columns a profile covers, in order (their index names their statistics): every published column (dropped PII is not). */
export function profiledColumns(columns: Readonly<Record<string, ColumnSpec>>): [string, ColumnSpec][] {
  return Object.entries(columns).filter(([, column]) => column.pii?.treatment !== "drop");
}

/** Whether a column type is profiled as a number (mean, stddev, quantiles). */
export function isNumericColumn(column: ColumnSpec): boolean {
  return NUMERIC.has(column.type.kind);
}

/** The alias of a profile statistic of the `index`-th published column: `p3_nulls`. */
export function profileAlias(index: number, metric: ProfileMetric): string {
  return `p${index}_${metric}`;
}

/**
 * The profile aggregates of one column, in `dialect`: nulls, approximate distinct (unless
 * `options.distinct` is false), min/max, mean/stddev/quartiles for numbers, lengths for strings.
 */
export function profileAggregates(index: number, name: string, column: ColumnSpec, dialect: Dialect, options: { readonly distinct?: boolean } = {}): Aggregate[] {
  const c = dialect.quoteIdentifier(name);
  const aggregate = (metric: ProfileMetric, sql: string): Aggregate => ({ metric, alias: profileAlias(index, metric), sql });
  const kind = column.type.kind;
  const double = dialect.columnType({ kind: "double" });
  const text = dialect.columnType({ kind: "string" });
  const aggregates: Aggregate[] = [aggregate("nulls", `count(*) - count(${c})`)];
  if (kind === "json") return aggregates;
  if (options.distinct ?? true) aggregates.push(aggregate("distinct", dialect.approxCountDistinct(c)));
  if (kind === "boolean") return aggregates;
  const numeric = isNumericColumn(column);
  aggregates.push(aggregate("min", `cast(min(${c}) as ${numeric ? double : text})`));
  aggregates.push(aggregate("max", `cast(max(${c}) as ${numeric ? double : text})`));
  if (numeric) {
    aggregates.push(aggregate("mean", `avg(cast(${c} as ${double}))`));
    aggregates.push(aggregate("stddev", `stddev_samp(cast(${c} as ${double}))`));
    aggregates.push(aggregate("quantiles", dialect.approxQuantiles(`cast(${c} as ${double})`, PROFILE_QUANTILES)));
  }
  if (kind === "string") {
    aggregates.push(aggregate("min_length", `min(${dialect.stringLength(c)})`));
    aggregates.push(aggregate("max_length", `max(${dialect.stringLength(c)})`));
  }
  return aggregates;
}
