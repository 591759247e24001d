import { DeclarationSite } from "./declaration-site.ts";
import type { PiiKind, PiiSpec, PiiTreatment } from "./pii.ts";

/** The logical type of a column; each maps to a DuckDB, Spark SQL and BigQuery type. */
export type ColumnType =
  | { readonly kind: "string" }
  | { readonly kind: "int32" }
  | { readonly kind: "int64" }
  | { readonly kind: "double" }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly kind: "boolean" }
  | { readonly kind: "date" }
  | { readonly kind: "timestamp" }
  | { readonly kind: "json" };

export type ColumnTypeKind = ColumnType["kind"];

/** The plain-data description of a column, as the graph, the engines and the infrastructure see it. */
export interface ColumnSpec {
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly description?: string;
  readonly pii?: PiiSpec;
  /**
   * Set by `.deprecated(reason)`: the column is on its way out and may be removed, renamed or
   * narrowed in a later release without failing the schema-compatibility gate.
   */
  readonly deprecated?: string;
}

/**
 * A typed column, built with `col.*()` and refined with chained, immutable calls.
 * The type parameters carry the TypeScript type of its values, whether it may be null, and
 * whether it is dropped at the door, so that `RowOf<typeof columns>` is exact.
 *
 * @example
 * const columns = {
 *   customer_id: col.string().primaryKey(),
 *   email: col.string().pii("email", "hash"),
 *   phone: col.string().nullable().pii("phone", "mask"),
 *   lifetime_value: col.decimal(12, 2).describe("Sum of paid orders, in EUR"),
 * };
 */
export class Column<TValue = unknown, TNullable extends boolean = boolean, TDropped extends boolean = boolean> {
  /** Phantom fields: they exist in types only. */
  declare readonly __value: TValue;
  declare readonly __nullable: TNullable;
  declare readonly __dropped: TDropped;

  /** The plain-data description of this column. */
  readonly spec: ColumnSpec;
  /** Where the column was declared (its `col.*()` call), for governance findings. */
  readonly site: DeclarationSite;

  private constructor(spec: ColumnSpec, site: DeclarationSite) {
    this.spec = Object.freeze(spec);
    this.site = site;
    Object.freeze(this);
  }

  /** @internal Use `col.*()`. */
  static of<T>(type: ColumnType): Column<T, false, false> {
    return new Column<T, false, false>({ type, nullable: false, primaryKey: false }, DeclarationSite.capture(5));
  }

  private with(changes: Partial<ColumnSpec>): never {
    return new Column({ ...this.spec, ...changes }, this.site) as never;
  }

  /** The column may hold nulls. Columns are not nullable unless they say so. */
  nullable(): Column<TValue, true, TDropped> {
    return this.with({ nullable: true });
  }

  /** Part of the primary key: implies a blocking not-null and uniqueness check on the key. */
  primaryKey(): Column<TValue, TNullable, TDropped> {
    return this.with({ primaryKey: true });
  }

  /** A human description, published to the catalog. */
  describe(description: string): Column<TValue, TNullable, TDropped> {
    return this.with({ description });
  }

  /**
   * Marks the column as deprecated, with what to use instead. A release later it may be
   * removed, renamed or narrowed: `lakeform policy check --baseline` accepts that only for
   * columns deprecated in the baseline, so readers get one release to move.
   *
   * @example customer_email: col.string().pii("email", "hash").deprecated("use customer_key")
   */
  deprecated(reason: string): Column<TValue, TNullable, TDropped> {
    return this.with({ deprecated: reason });
  }

  /**
   * Declares personal data and how it is treated at ingestion. `hash` turns the value into a
   * hex string; `drop` removes the column from every tier.
   */
  pii<const T extends PiiTreatment>(
    kind: PiiKind,
    treatment: T,
  ): Column<T extends "hash" ? string : TValue, TNullable, T extends "drop" ? true : false> {
    return this.with({ pii: { kind, treatment } });
  }
}

/** The columns of an asset, by name. Names must be lower_snake_case SQL identifiers. */
export type Columns = Readonly<Record<string, Column>>;

/** The TypeScript type of one row of an asset as published (dropped PII columns are gone). */
export type RowOf<C extends Columns> = {
  -readonly [K in keyof C as C[K] extends Column<unknown, boolean, true> ? never : K]: C[K] extends Column<infer V, infer N, boolean>
    ? N extends true
      ? V | null
      : V
    : never;
};

/** The column names of an asset that checks may name. */
export type ColumnName<C extends Columns> = Extract<keyof C, string>;

/**
 * Column builders. Values map to TypeScript as: strings and dates → `string` (dates as
 * `YYYY-MM-DD`), numbers → `number`, timestamps → `Date`, json → `unknown`.
 */
export const col = Object.freeze({
  string: () => Column.of<string>({ kind: "string" }),
  int32: () => Column.of<number>({ kind: "int32" }),
  int64: () => Column.of<number>({ kind: "int64" }),
  double: () => Column.of<number>({ kind: "double" }),
  decimal: (precision: number, scale: number) => Column.of<number>({ kind: "decimal", precision, scale }),
  boolean: () => Column.of<boolean>({ kind: "boolean" }),
  date: () => Column.of<string>({ kind: "date" }),
  timestamp: () => Column.of<Date>({ kind: "timestamp" }),
  json: () => Column.of<unknown>({ kind: "json" }),
});
