import type { CheckSpec } from "../declare/check.ts";
import type { ColumnSpec } from "../declare/column.ts";
import type { AssetNode } from "../graph/asset-node.ts";
import { ROW_COUNT } from "./audit-plan.ts";
import { profileAlias, profiledColumns } from "./profile-aggregates.ts";

/** One row group's statistics of one column, as a Parquet footer records them (values as the engine renders them in text). */
export interface RowGroupStatistics {
  readonly column: string;
  /** Values of the column in the row group, nulls included (its rows, for a flat column). */
  readonly values: number;
  readonly nulls: number | null;
  readonly min: string | null;
  readonly max: string | null;
  /** Whether the footer says `min` and `max` are the exact bounds (not truncated). */
  readonly exact: boolean;
}

/** What the footers of the staged files record. */
export interface StagedStatistics {
  /** The exact number of rows. */
  readonly rows: number;
  /** The rows of the largest row group. */
  readonly rowGroupRows: number;
  readonly groups: readonly RowGroupStatistics[];
}

/** Suffix of the boolean that says whether a statistic or a check was settled by statistics. */
export const SETTLED = "_settled";

/** The id of the largest row group's row count in the statistics row. */
export const ROW_GROUP_ROWS = "row_group_rows";

/** The id of an integer column's exact lower or upper bound (text) in the statistics row: `p2_lo`. */
export function integerBound(index: number, which: "lo" | "hi"): string {
  return `p${index}_${which}`;
}

/** A value in a form that orders as the engine orders the column's values. */
type Key = bigint | number | string;

const INTEGER = /^-?\d+$/;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A timestamp as DuckDB renders TIMESTAMPTZ in UTC: `2024-03-01 05:00:00.25+00`. */
const RENDERED_INSTANT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?([+-]\d{2})(?::?(\d{2}))?$/;
/** A bound written as an instant with its offset, or as a date (midnight UTC): what `Date.parse` reads exactly as the audit's UTC session does. */
const BOUND_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Microseconds since the epoch of a rendered TIMESTAMPTZ, or undefined when it is not in the expected form. */
function renderedMicros(text: string): bigint | undefined {
  const m = RENDERED_INSTANT.exec(text);
  if (m === null) return undefined;
  const [, day, time, fraction = "", hours = "+00", minutes = "00"] = m;
  const ms = Date.parse(`${day}T${time}Z`);
  if (Number.isNaN(ms)) return undefined;
  const offset = (Number(hours) * 60 + Math.sign(Number(`${hours}1`)) * Number(minutes)) * 60_000_000;
  return BigInt(ms) * 1000n + BigInt(fraction.padEnd(6, "0")) - BigInt(offset);
}

/** The order key of a value the footer rendered, for `column`'s type; undefined when it cannot be read exactly. */
function footerKey(column: ColumnSpec, text: string): Key | undefined {
  const type = column.type;
  switch (type.kind) {
    case "int32":
    case "int64":
      return INTEGER.test(text) ? BigInt(text) : undefined;
    case "decimal": {
      const m = DECIMAL.exec(text);
      if (m === null || (m[3] ?? "").length > type.scale) return undefined;
      const unscaled = BigInt(`${m[2]}${(m[3] ?? "").padEnd(type.scale, "0")}`);
      return m[1] === "-" ? -unscaled : unscaled;
    }
    case "double": {
      const value = Number(text);
      return text.trim() === "" || Number.isNaN(value) ? undefined : value;
    }
    case "date":
      return DATE.test(text) ? text : undefined;
    case "timestamp":
      return renderedMicros(text);
    case "string":
      return text;
    case "boolean":
      return text === "true" ? 1n : text === "false" ? 0n : undefined;
    case "json":
      return undefined;
  }
}

/** The order key of a value a check declares (a bound, an accepted value), compared as the engine would cast it; undefined when that is not exact. */
function declaredKey(column: ColumnSpec, value: string | number | boolean): Key | undefined {
  const type = column.type;
  switch (type.kind) {
    case "int32":
    case "int64":
      return typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : undefined;
    case "decimal": {
      if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
      const scaled = value * 10 ** type.scale;
      const rounded = Math.round(scaled);
      return Number.isSafeInteger(rounded) && Math.abs(scaled - rounded) < 1e-6 ? BigInt(rounded) : undefined;
    }
    case "double":
      return typeof value === "number" ? value : undefined;
    case "date":
      return typeof value === "string" && DATE.test(value) ? value : undefined;
    case "timestamp": {
      if (typeof value !== "string" || !BOUND_INSTANT.test(value)) return undefined;
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? undefined : BigInt(ms) * 1000n;
    }
    case "string":
      return typeof value === "string" ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? (value ? 1n : 0n) : undefined;
    case "json":
      return undefined;
  }
}

const utf8 = (text: string) => Buffer.from(text, "utf8");

/** Orders two keys of one column: strings by their UTF-8 bytes, as Parquet and DuckDB do. */
function compare(a: Key, b: Key): number {
  if (typeof a === "string" && typeof b === "string") return Buffer.compare(utf8(a), utf8(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the footers say of one column: nulls when every row is covered by a count; bounds when every row group holding a value records them exactly. */
interface ColumnFacts {
  readonly nulls: number | undefined;
  /** Undefined: unknown; null: the column holds no value. */
  readonly bounds: { readonly min: { key: Key; text: string }; readonly max: { key: Key; text: string } } | null | undefined;
}

function columnFacts(name: string, column: ColumnSpec, statistics: StagedStatistics): ColumnFacts {
  const groups = statistics.groups.filter((g) => g.column === name);
  // A file without the column holds nulls its footer does not count.
  const covered = groups.reduce((sum, g) => sum + g.values, 0) === statistics.rows;
  const nulls = covered && groups.every((g) => g.nulls !== null) ? groups.reduce((sum, g) => sum + (g.nulls ?? 0), 0) : undefined;
  if (!covered) return { nulls, bounds: undefined };
  let min: { key: Key; text: string } | undefined;
  let max: { key: Key; text: string } | undefined;
  for (const group of groups) {
    if (group.nulls !== null && group.nulls === group.values) continue;
    if (!group.exact || group.min === null || group.max === null) return { nulls, bounds: undefined };
    const lo = footerKey(column, group.min);
    const hi = footerKey(column, group.max);
    if (lo === undefined || hi === undefined) return { nulls, bounds: undefined };
    if (min === undefined || compare(lo, min.key) < 0) min = { key: lo, text: group.min };
    if (max === undefined || compare(hi, max.key) > 0) max = { key: hi, text: group.max };
  }
  return { nulls, bounds: min === undefined || max === undefined ? null : { min, max } };
}

type StatisticsCheck = Extract<CheckSpec, { kind: "notNull" | "range" | "acceptedValues" | "freshness" }>;

/** The check's metric when the facts settle it (`failing` rows, or the newest value in epoch ms), or undefined. */
function settle(check: StatisticsCheck, node: AssetNode, facts: (column: string) => ColumnFacts | undefined): { value: number | null } | undefined {
  switch (check.kind) {
    case "notNull": {
      const nulls = check.columns.map((c) => facts(c)?.nulls);
      if (nulls.some((n) => n === undefined)) return undefined;
      if (nulls.length === 1) return { value: nulls[0] ?? 0 };
      return nulls.every((n) => n === 0) ? { value: 0 } : undefined;
    }
    case "range": {
      const column = node.columns[check.column];
      const bounds = facts(check.column)?.bounds;
      if (column === undefined || bounds === undefined) return undefined;
      if (bounds === null) return { value: 0 };
      const lo = check.min === undefined ? undefined : declaredKey(column, check.min);
      const hi = check.max === undefined ? undefined : declaredKey(column, check.max);
      if ((check.min !== undefined && lo === undefined) || (check.max !== undefined && hi === undefined)) return undefined;
      const aboveMin = lo === undefined || (check.inclusive ? compare(bounds.min.key, lo) >= 0 : compare(bounds.min.key, lo) > 0);
      const belowMax = hi === undefined || (check.inclusive ? compare(bounds.max.key, hi) <= 0 : compare(bounds.max.key, hi) < 0);
      return aboveMin && belowMax ? { value: 0 } : undefined;
    }
    case "acceptedValues": {
      const column = node.columns[check.column];
      const bounds = facts(check.column)?.bounds;
      if (column === undefined || bounds === undefined) return undefined;
      if (bounds === null) return { value: 0 };
      if (compare(bounds.min.key, bounds.max.key) !== 0) return undefined;
      const accepted = check.values.map((v) => declaredKey(column, v));
      if (accepted.some((k) => k === undefined)) return undefined;
      return accepted.some((k) => k !== undefined && compare(k, bounds.min.key) === 0) ? { value: 0 } : undefined;
    }
    case "freshness": {
      const column = node.columns[check.column];
      const bounds = facts(check.column)?.bounds;
      if (column === undefined || bounds === undefined) return undefined;
      if (bounds === null) return { value: null };
      if (column.type.kind === "timestamp" && typeof bounds.max.key === "bigint") return { value: Number(bounds.max.key / 1000n) };
      if (column.type.kind === "date" && typeof bounds.max.key === "string") return { value: Date.parse(bounds.max.key) };
      return undefined;
    }
  }
}

/**
 * Reads what the staged files' statistics settle, as the row `planAudit` takes as `statistics`:
 * the row count (`row_count`), the largest row group (`row_group_rows`); per check they settle,
 * its metric (`c3`: failing rows, or the newest value) and `c3_settled`; per profiled column,
 * nulls, min and max (`p2_min`, `p2_min_settled`) and, for integers, exact bounds as text
 * (`p2_lo`, `p2_hi`). Settles only what the footers prove exactly — a null count covering
 * every row, bounds every row group records exactly, declared values the engine would compare
 * the same way — and leaves the rest to the data. Pure.
 */
export function settleFromStatistics(node: AssetNode, statistics: StagedStatistics): Record<string, unknown> {
  const row: Record<string, unknown> = { [ROW_COUNT]: statistics.rows, [ROW_GROUP_ROWS]: statistics.rowGroupRows };
  const cache = new Map<string, ColumnFacts | undefined>();
  const facts = (name: string): ColumnFacts | undefined => {
    if (!cache.has(name)) {
      const column = node.columns[name];
      cache.set(name, column === undefined || column.pii?.treatment === "drop" ? undefined : columnFacts(name, column, statistics));
    }
    return cache.get(name);
  };
  node.checks.forEach((check, i) => {
    if (check.kind !== "notNull" && check.kind !== "range" && check.kind !== "acceptedValues" && check.kind !== "freshness") return;
    const settled = settle(check, node, facts);
    row[`c${i}${SETTLED}`] = settled !== undefined;
    if (settled !== undefined) row[`c${i}`] = settled.value;
  });
  profiledColumns(node.columns).forEach(([name, column], i) => {
    const known = facts(name);
    row[`${profileAlias(i, "nulls")}${SETTLED}`] = known?.nulls !== undefined;
    if (known?.nulls !== undefined) row[profileAlias(i, "nulls")] = known.nulls;
    if (column.type.kind === "json" || column.type.kind === "boolean") return;
    const bounds = known?.bounds;
    const numeric = ["int32", "int64", "double", "decimal"].includes(column.type.kind);
    for (const [metric, end] of [["min", bounds?.min], ["max", bounds?.max]] as const) {
      row[`${profileAlias(i, metric)}${SETTLED}`] = bounds !== undefined;
      if (bounds !== undefined) row[profileAlias(i, metric)] = end === undefined ? null : numeric ? Number(end.text) : end.text;
    }
    if ((column.type.kind === "int32" || column.type.kind === "int64") && bounds !== undefined && bounds !== null) {
      row[integerBound(i, "lo")] = bounds.min.text;
      row[integerBound(i, "hi")] = bounds.max.text;
    }
  });
  return row;
}
