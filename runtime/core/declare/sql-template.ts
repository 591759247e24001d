import type { AssetRef } from "./asset-ref.ts";
import { isAssetDefinition, refTo, type AnyAssetDefinition } from "./asset-ref.ts";
import { DeclarationSite } from "./declaration-site.ts";
import { LakeformError } from "../errors.ts";

/** A value bound as a query parameter: never spliced into SQL text. */
export type SqlValue = string | number | bigint | boolean | Date | null;

/**
 * Portable placeholders that each engine renders in its own dialect:
 * the current partition's key and window, and the asset itself (for custom checks).
 */
export interface SqlMacro {
  readonly kind: "macro";
  readonly name: "partitionKey" | "partitionStart" | "partitionEnd" | "self";
}

/** A bound parameter inside a template. */
export interface SqlParam {
  readonly kind: "param";
  readonly value: SqlValue;
}

/** A piece interpolated into a `sql` template. */
export type SqlPart = AssetRef | SqlParam | SqlMacro | SqlTemplate;

/**
 * SQL written once with `ref()` and macros, rendered per engine. `strings.length` is always
 * `parts.length + 1`, as with a template literal.
 */
export interface SqlTemplate {
  readonly kind: "sql";
  readonly strings: readonly string[];
  readonly parts: readonly SqlPart[];
  /** Where the template was written (the line of its opening backtick), for error messages. Not part of its fingerprint. */
  readonly site?: DeclarationSite;
  /**
   * Replacements of this DuckDB text for other engines, each written in that engine's own
   * dialect and used there instead of the transpiled text (see {@link sqlFor}).
   * @default none: every engine runs the DuckDB text, transpiled
   */
  readonly overrides?: SqlOverrides;
}

/** The engines' dialects whose SQL may replace the transpiled DuckDB text. */
export type SqlOverrideDialect = "spark" | "bigquery";

/** Per-engine replacements of an asset's DuckDB SQL. */
export type SqlOverrides = { readonly [D in SqlOverrideDialect]?: SqlTemplate };

/** What `sql.for` takes: the DuckDB SQL (the source of truth) and overrides for other engines. */
export type SqlPerEngine = { readonly duckdb: SqlTemplate } & SqlOverrides;

/** What may stand in `${...}` inside `sql`. An asset definition stands for `ref(asset)`. */
export type SqlInterpolation = SqlPart | AnyAssetDefinition | SqlValue;

function toPart(value: SqlInterpolation): SqlPart {
  if (isAssetDefinition(value)) return refTo(value);
  if (value !== null && typeof value === "object" && !(value instanceof Date) && "kind" in value) return value;
  return Object.freeze({ kind: "param", value });
}

function sqlTemplate(strings: TemplateStringsArray, ...values: readonly SqlInterpolation[]): SqlTemplate {
  return Object.freeze({ kind: "sql", strings: Object.freeze([...strings]), parts: Object.freeze(values.map(toPart)), site: DeclarationSite.capture() });
}

/**
 * The DuckDB SQL with per-engine replacements, for a construct that does not transpile (a
 * validation error of `lakeform validate --engine …` names it). The DuckDB text stays the
 * source of truth: it runs locally, and lineage comes from its `ref()`s, so an override may
 * only `ref()` assets the DuckDB text refers to. Values and macros interpolate as usual and
 * become the engine's own parameters.
 *
 * @throws LakeformError when an override refers to an asset the DuckDB SQL does not
 * @example
 * compute: sql.for({
 *   duckdb: sql`select count(*) filter (where is_paid) as paid from ${ref(orders)}`,
 *   bigquery: sql`select countif(is_paid) as paid from ${ref(orders)}`,
 * })
 */
export function sqlFor(perEngine: SqlPerEngine): SqlTemplate {
  const { duckdb, ...rest } = perEngine;
  const sources = new Set(refsOf(duckdb).map((r) => r.key));
  const overrides: Partial<Record<SqlOverrideDialect, SqlTemplate>> = {};
  for (const dialect of ["spark", "bigquery"] as const) {
    const override = rest[dialect];
    if (override === undefined) continue;
    const extra = [...new Set(refsOf(override).map((r) => r.key))].filter((key) => !sources.has(key));
    if (extra.length > 0) {
      throw new LakeformError(
        `sql.for: the ${dialect} SQL refers to ${extra.map((k) => `"${k}"`).join(", ")}, which the DuckDB SQL does not (lineage comes from the DuckDB SQL). Fix: ref() the same assets in every engine's SQL${duckdb.site?.location === undefined ? "" : ` (at ${duckdb.site.location})`}.`,
      );
    }
    overrides[dialect] = override;
  }
  return Object.freeze({ ...duckdb, overrides: Object.freeze(overrides) });
}

/**
 * SQL for an asset or a custom check, written in DuckDB's dialect. Dependencies are inferred
 * from `ref()`s; other values become bound parameters. Other engines run it transpiled, or an
 * override given with `sql.for` ({@link sqlFor}).
 *
 * @example
 * sql`select order_id, sum(amount) as revenue
 *     from ${ref(orderItems)}
 *     where ordered_at >= ${partitionStart} and ordered_at < ${partitionEnd}
 *     group by order_id`
 */
export const sql: typeof sqlTemplate & { readonly for: typeof sqlFor } = Object.assign(sqlTemplate, { for: sqlFor });

/** The template `dialect` runs: its override when there is one, else the DuckDB text itself. */
export function templateFor(template: SqlTemplate, dialect: "duckdb" | SqlOverrideDialect): { readonly template: SqlTemplate; readonly overridden: boolean } {
  const override = dialect === "duckdb" ? undefined : template.overrides?.[dialect];
  return override === undefined ? { template, overridden: false } : { template: override, overridden: true };
}

/** The key of the partition being materialised, e.g. `2024-01-01`. */
export const partitionKey: SqlMacro = Object.freeze({ kind: "macro", name: "partitionKey" });
/** The inclusive start instant of the partition's time window. */
export const partitionStart: SqlMacro = Object.freeze({ kind: "macro", name: "partitionStart" });
/** The exclusive end instant of the partition's time window. */
export const partitionEnd: SqlMacro = Object.freeze({ kind: "macro", name: "partitionEnd" });
/** The asset being checked, in a custom SQL check: `sql\`select * from ${self} where ...\``. */
export const self: SqlMacro = Object.freeze({ kind: "macro", name: "self" });

/** Every `ref()` in a template, nested templates included, in order of appearance. */
export function refsOf(template: SqlTemplate): AssetRef[] {
  const refs: AssetRef[] = [];
  const visit = (t: SqlTemplate): void => {
    for (const part of t.parts) {
      if (part.kind === "ref") refs.push(part);
      else if (part.kind === "sql") visit(part);
    }
  };
  visit(template);
  return refs;
}
