import type { ColumnSpec } from "../../core/declare/column.ts";
import type { FileDropSpec } from "../../core/declare/file-drop.ts";
import { duckdbDialect } from "../../core/sql/dialects.ts";
import type { LandingFile } from "../engine.ts";
import { publishedColumns } from "../published-columns.ts";
import { conversionGuardSql, LOSSY_GUARD_MESSAGE, lossyConversionSql } from "./landing-conversion.ts";
import type { LandedField } from "./landing-readers.ts";
import { piiTreatmentSql } from "./pii-sql.ts";
import { identifier, stringLiteral } from "./sql-literals.ts";

/** How one declared column is read from one landing file. */
export interface LandedColumn {
  /** The declared column. */
  readonly column: string;
  /** The field's name in the file (differs from `column` when the source renames it). */
  readonly landed: string;
  readonly spec: ColumnSpec;
  /** SQL: the landed value as text, for the conversion check and messages. */
  readonly text: string;
  /** SQL: true when a non-null landed value does not convert exactly; undefined if none can fail. */
  readonly lossy: string | undefined;
  /** SQL: the value as published (converted, or PII-treated); a conversion raises on what does not parse or fit. */
  readonly value: string;
  /** Whether `value` converts the landed text, so a guard against lossy conversions applies. */
  readonly converts: boolean;
}

/** How one landing file is read: the fields to read, each declared column's conversion, drift. */
export interface LandingPlan {
  readonly file: LandingFile;
  /** Landed field → the type it is read as (text, or Parquet's own type). */
  readonly read: ReadonlyMap<string, string>;
  readonly columns: readonly LandedColumn[];
  /** Declared columns the file lacks (published as nulls). */
  readonly missing: readonly string[];
  /** Landed fields no column declares. */
  readonly unexpected: readonly string[];
}

/** DuckDB's canonical spelling of a type name as DESCRIBE reports it. */
function canonicalType(type: string): string {
  return type === "TIMESTAMP WITH TIME ZONE" ? "TIMESTAMPTZ" : type;
}

/**
 * Plans reading one landing file with the declared columns: which landed field feeds which
 * column (`rename` maps landed names to columns), read without conversion, then cast exactly.
 * PII is read as text and treated (`pads` are the SQL of the HMAC pads).
 */
export function planLanding(from: FileDropSpec, file: LandingFile, fields: readonly LandedField[], declared: Readonly<Record<string, ColumnSpec>>, pads: { readonly ipad: string; readonly opad: string }): LandingPlan {
  const columnOf = (landed: string) => from.rename?.[landed] ?? landed;
  const byColumn = new Map(fields.map((f) => [columnOf(f.name), f]));
  const read = new Map<string, string>();
  // CSV must describe every field of the header; JSON and Parquet read only what is declared.
  if (from.format === "csv") for (const f of fields) read.set(f.name, "VARCHAR");
  const columns: LandedColumn[] = [];
  for (const [column, spec] of publishedColumns(declared)) {
    const field = byColumn.get(column);
    if (field === undefined) continue;
    const source = `src.${identifier(field.name)}`;
    const target = duckdbDialect.columnType(spec.type);
    const native = from.format === "parquet" ? canonicalType(field.type) : undefined;
    const readAs = native ?? (spec.type.kind === "json" && from.format !== "csv" && spec.pii === undefined ? "JSON" : "VARCHAR");
    read.set(field.name, readAs);
    const text = readAs === "VARCHAR" ? source : `cast(${source} as VARCHAR)`;
    if (spec.pii !== undefined) {
      columns.push({ column, landed: field.name, spec, text, lossy: undefined, value: piiTreatmentSql(text, spec.pii, pads), converts: false });
    } else if (readAs === target) {
      columns.push({ column, landed: field.name, spec, text, lossy: undefined, value: source, converts: false });
    } else {
      columns.push({ column, landed: field.name, spec, text, lossy: lossyConversionSql(text, spec.type), value: `cast(${text} as ${target})`, converts: true });
    }
  }
  const missing = Object.keys(declared).filter((name) => !byColumn.has(name) && declared[name]?.pii?.treatment !== "drop");
  const unexpected = fields.filter((f) => !(columnOf(f.name) in declared)).map((f) => f.name);
  return { file, read, columns, missing, unexpected };
}

/**
 * The SELECT publishing one landing file's rows: declared columns (nulls for missing ones) and
 * load metadata. Each conversion is guarded in the same scan: a cast that fails raises, and a
 * cast that would change the value raises {@link LOSSY_GUARD_MESSAGE} — the caller then
 * validates the file for a precise report.
 */
export function landingSelect(plan: LandingPlan, declared: Readonly<Record<string, ColumnSpec>>, reader: string): string {
  const inner: string[] = [];
  const outer = new Map<string, string>();
  for (const [i, c] of plan.columns.entries()) {
    inner.push(`${c.value} as lf_c_${i}`);
    const guard = c.converts ? conversionGuardSql(`lf_t_${i}`, `lf_c_${i}`, c.spec.type) : undefined;
    if (guard !== undefined) inner.push(`${c.text} as lf_t_${i}`);
    outer.set(c.column, guard === undefined ? `lf_c_${i}` : `case when lf_t_${i} is not null and ${guard} then error(${stringLiteral(LOSSY_GUARD_MESSAGE)}) else lf_c_${i} end`);
  }
  const columns = publishedColumns(declared).map(([name, spec]) => `${outer.get(name) ?? `cast(null as ${duckdbDialect.columnType(spec.type)})`} as ${identifier(name)}`);
  columns.push(
    `cast(${stringLiteral(plan.file.loadedAt.toISOString())} as TIMESTAMPTZ) as _loaded_at`,
    `${stringLiteral(plan.file.relativePath)} as _source_file`,
    `${stringLiteral(plan.file.batchId)} as _batch_id`,
  );
  return `select ${columns.join(", ")} from (select ${inner.length === 0 ? "1 as lf_none" : inner.join(", ")} from ${reader} as src) as lf_landed`;
}
