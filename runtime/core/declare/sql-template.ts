import type { AssetRef } from "./asset-ref.ts";
import { isAssetDefinition, refTo, type AnyAssetDefinition } from "./asset-ref.ts";
import { DeclarationSite } from "./declaration-site.ts";

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
}

/** What may stand in `${...}` inside `sql`. An asset definition stands for `ref(asset)`. */
export type SqlInterpolation = SqlPart | AnyAssetDefinition | SqlValue;

function toPart(value: SqlInterpolation): SqlPart {
  if (isAssetDefinition(value)) return refTo(value);
  if (value !== null && typeof value === "object" && !(value instanceof Date) && "kind" in value) return value;
  return Object.freeze({ kind: "param", value });
}

/**
 * SQL for an asset or a custom check. Dependencies are inferred from `ref()`s; other values
 * become bound parameters.
 *
 * @example
 * sql`select order_id, sum(amount) as revenue
 *     from ${ref(orderItems)}
 *     where ordered_at >= ${partitionStart} and ordered_at < ${partitionEnd}
 *     group by order_id`
 */
export function sql(strings: TemplateStringsArray, ...values: readonly SqlInterpolation[]): SqlTemplate {
  return Object.freeze({ kind: "sql", strings: Object.freeze([...strings]), parts: Object.freeze(values.map(toPart)), site: DeclarationSite.capture() });
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
