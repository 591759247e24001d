import { assertNever } from "../../core/assert-never.ts";
import type { ColumnType } from "../../core/declare/column.ts";

/** Why a landed value does not convert exactly to its declared type, and how to fix it. */
export interface ConversionProblem {
  /** Completes `"<value>" …`, e.g. `does not fit BIGINT (it would be rounded)`. */
  readonly what: string;
  readonly fix: string;
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const INTEGER = /^\s*[+-]?\d+\s*$/;
const DATE_TIME = /^\s*\d{4}-\d{1,2}-\d{1,2}[ T]/;
const LONG_FRACTION = /\.\d{7,}/;

const STRING_FIX = "correct the value, or declare the column col.string()";

/**
 * The problem with a landed value that the conversion check refused for `type` (`typeName` is
 * the engine's name for it, e.g. `BIGINT`). The checks themselves run in the engine; this only
 * words the refusal, so it tells rounding from overflow from text that is not a number.
 */
export function conversionProblem(value: string, type: ColumnType, typeName: string): ConversionProblem {
  switch (type.kind) {
    case "int32":
    case "int64": {
      if (INTEGER.test(value)) {
        return { what: `is out of range for ${typeName}`, fix: `correct the value, or declare the column ${type.kind === "int32" ? "col.int64()" : "col.decimal(38, 0)"}` };
      }
      if (NUMBER.test(value)) return { what: `does not fit ${typeName} (it would be rounded)`, fix: "correct the value, or declare the column col.double() or col.decimal(p, s)" };
      return { what: `is not an integer`, fix: STRING_FIX };
    }
    case "decimal": {
      if (!NUMBER.test(value)) return { what: "is not a number", fix: STRING_FIX };
      const fraction = /\.(\d*?)0*\s*$/.exec(value)?.[1] ?? "";
      if (fraction.length > type.scale || /[eE]/.test(value)) {
        return { what: `does not fit ${typeName} (it has more than ${type.scale} decimal places and would be rounded)`, fix: `correct the value, or declare the column with more decimal places, e.g. col.decimal(${Math.max(type.precision, type.precision - type.scale + fraction.length)}, ${Math.max(type.scale, fraction.length)})` };
      }
      return { what: `does not fit ${typeName} (more than ${type.precision - type.scale} digits before the decimal point)`, fix: `correct the value, or declare the column with a larger precision, e.g. col.decimal(38, ${type.scale})` };
    }
    case "double":
      return NUMBER.test(value) ? { what: "is out of range for DOUBLE", fix: STRING_FIX } : { what: "is not a number", fix: STRING_FIX };
    case "boolean":
      return { what: "is not a boolean (true or false)", fix: "write true or false, or declare the column col.string()" };
    case "date":
      if (DATE_TIME.test(value)) return { what: "is not a date (it has a time of day, which would be dropped)", fix: "land dates as YYYY-MM-DD, or declare the column col.timestamp()" };
      return { what: "is not a date (YYYY-MM-DD)", fix: "write it as YYYY-MM-DD, or declare the column col.string()" };
    case "timestamp":
      if (LONG_FRACTION.test(value)) return { what: "has more than 6 fractional second digits (they would be dropped)", fix: "land timestamps to the microsecond, or declare the column col.string()" };
      return { what: "is not a timestamp", fix: "write it as ISO 8601 (e.g. 2026-11-30T10:00:00Z), or declare the column col.string()" };
    case "json":
      return { what: "is not valid JSON", fix: STRING_FIX };
    case "string":
      return { what: "is not text", fix: STRING_FIX };
    default:
      return assertNever(type);
  }
}
