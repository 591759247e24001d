import type { ColumnSpec } from "../../../core/declare/column.ts";
import type { ColumnProfile } from "../../../state/records.ts";
import { identifier } from "../sql-literals.ts";

const NUMERIC = new Set(["int32", "int64", "double", "decimal"]);

/** One aggregate expression of the fused scan and the alias it is read back by. */
export interface Aggregate {
  readonly alias: string;
  readonly sql: string;
}

/** The profile aggregates of one column: nulls, approximate distinct, min/max, mean/stddev/quantiles for numbers, lengths for strings. */
export function profileAggregates(index: number, name: string, column: ColumnSpec): Aggregate[] {
  const c = identifier(name);
  const p = (what: string) => `p${index}_${what}`;
  const kind = column.type.kind;
  const aggregates: Aggregate[] = [{ alias: p("nulls"), sql: `count(*) - count(${c})` }];
  if (kind === "json") return aggregates;
  aggregates.push({ alias: p("distinct"), sql: `approx_count_distinct(${c})` });
  if (kind === "boolean") return aggregates;
  aggregates.push({ alias: p("min"), sql: NUMERIC.has(kind) ? `cast(min(${c}) as DOUBLE)` : `cast(min(${c}) as VARCHAR)` });
  aggregates.push({ alias: p("max"), sql: NUMERIC.has(kind) ? `cast(max(${c}) as DOUBLE)` : `cast(max(${c}) as VARCHAR)` });
  if (NUMERIC.has(kind)) {
    aggregates.push({ alias: p("mean"), sql: `avg(cast(${c} as DOUBLE))` });
    aggregates.push({ alias: p("stddev"), sql: `stddev_samp(cast(${c} as DOUBLE))` });
    aggregates.push({ alias: p("quantiles"), sql: `reservoir_quantile(cast(${c} as DOUBLE), [0.25, 0.5, 0.75])` });
  }
  if (kind === "string") {
    aggregates.push({ alias: p("min_length"), sql: `min(length(${c}))` });
    aggregates.push({ alias: p("max_length"), sql: `max(length(${c}))` });
  }
  return aggregates;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Reads a column's profile back from the fused scan's result row. */
export function readProfile(index: number, name: string, column: ColumnSpec, row: Readonly<Record<string, unknown>>): ColumnProfile {
  const get = (what: string) => row[`p${index}_${what}`];
  const numeric = NUMERIC.has(column.type.kind);
  const quantiles = get("quantiles");
  return {
    name,
    type: column.type.kind === "decimal" ? `decimal(${column.type.precision},${column.type.scale})` : column.type.kind,
    nulls: Number(get("nulls") ?? 0),
    distinct: num(get("distinct")),
    min: numeric ? num(get("min")) : ((get("min") as string | null | undefined) ?? null),
    max: numeric ? num(get("max")) : ((get("max") as string | null | undefined) ?? null),
    mean: num(get("mean")),
    stddev: num(get("stddev")),
    minLength: num(get("min_length")),
    maxLength: num(get("max_length")),
    quantiles: Array.isArray(quantiles) ? quantiles.map(Number) : null,
  };
}
