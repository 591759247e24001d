import { assertNever } from "../../core/assert-never.ts";
import type { ColumnType } from "../../core/declare/column.ts";
import { duckdbDialect } from "../../core/sql/dialects.ts";

/**
 * True when a decimal number written as `text` (known to be a number) has significant digits
 * beyond `scale`, given `converted`, its value as the declared decimal. Plain notation: digits
 * after the point, trailing zeros aside, are counted (string functions: cheap on every row).
 * Exponent notation (JSON renders very large or small numbers so): the decimal must equal the
 * double the text denotes.
 */
function decimalLossSql(text: string, scale: number, converted: string): string {
  const exponent = `regexp_matches(${text}, '[eE]')`;
  const places = `length(rtrim(${text}, '0 ')) - strpos(${text}, '.')`;
  return `(case when ${exponent} then try_cast(${text} as DOUBLE) <> ${converted}::DOUBLE when strpos(${text}, '.') > 0 then ${places} > ${scale} else false end)`;
}

/**
 * The DuckDB condition under which `text` (a non-null VARCHAR expression holding a landed value)
 * does not convert *exactly* to `type`: unparseable, out of range, or changed by the cast
 * (a fraction rounded to an integer, a decimal rounded to its scale, a date's time of day or a
 * timestamp's nanoseconds dropped). `undefined` when every text converts (strings).
 * Invariant: when the condition is false, `cast(text as <type>)` succeeds and loses nothing.
 */
export function lossyConversionSql(text: string, type: ColumnType): string | undefined {
  const target = duckdbDialect.columnType(type);
  const fails = `try_cast(${text} as ${target}) is null`;
  // Numbers in plain or exponent notation only (DuckDB would also take `0x10` or `1_000`).
  const notNumber = `not regexp_full_match(${text}, '\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*')`;
  switch (type.kind) {
    case "string":
      return undefined;
    case "int32":
    case "int64":
      // Integers written as integers (or with a zero fraction, as JSON renders 1e3: 1000.0).
      return `(${fails} or not regexp_full_match(${text}, '\\s*[+-]?[0-9]+(\\.0*)?\\s*'))`;
    case "double": {
      // Infinity and NaN only when written so, never from a number out of range (1e400).
      const special = `regexp_full_match(${text}, '\\s*[+-]?(inf(inity)?|nan)\\s*', 'i')`;
      return `(${fails} or (${notNumber} and not ${special}) or (isinf(try_cast(${text} as DOUBLE)) and not ${special}))`;
    }
    case "decimal":
      return `(${fails} or ${notNumber} or ${decimalLossSql(text, type.scale, `try_cast(${text} as ${target})`)})`;
    case "boolean":
      return fails;
    case "date":
      return `(${fails} or not regexp_full_match(${text}, '\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*'))`;
    case "timestamp":
      // DuckDB keeps microseconds: a non-zero digit beyond the sixth would be dropped silently.
      return `(${fails} or regexp_matches(${text}, '\\.[0-9]{6}[0-9]*[1-9]'))`;
    case "json":
      return `(${fails})`;
    default:
      return assertNever(type);
  }
}

/** The text DuckDB's `error()` raises when a guard in the publishing scan trips. */
export const LOSSY_GUARD_MESSAGE = "lakeform: a landed value does not convert exactly to its declared type";

/**
 * The cheap form of {@link lossyConversionSql} for the publishing scan, where `converted` is
 * `cast(text as <type>)` (which raises on what does not parse or fit): true when that cast
 * succeeded but changed the value. `undefined` when a successful cast is always exact.
 */
export function conversionGuardSql(text: string, converted: string, type: ColumnType): string | undefined {
  const number = `regexp_full_match(${text}, '\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*')`;
  switch (type.kind) {
    case "string":
    case "boolean":
    case "json":
      return undefined;
    case "int32":
    case "int64":
      return `not regexp_full_match(${text}, '\\s*[+-]?[0-9]+(\\.0*)?\\s*')`;
    case "double":
      return `(not regexp_full_match(${text}, '\\s*[+-]?(inf(inity)?|nan)\\s*', 'i') and (not ${number} or isinf(${converted})))`;
    case "decimal":
      return `(not ${number} or ${decimalLossSql(text, type.scale, converted)})`;
    case "date":
      return `not regexp_full_match(${text}, '\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\\s*')`;
    case "timestamp":
      return `regexp_matches(${text}, '\\.[0-9]{6}[0-9]*[1-9]')`;
    default:
      return assertNever(type);
  }
}
