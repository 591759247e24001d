import type { ColumnType } from "../../runtime/core/declare/column.ts";

/** `decimal(12,2)`, `int64`: a type as messages show it. */
export function typeName(type: ColumnType): string {
  return type.kind === "decimal" ? `decimal(${type.precision},${type.scale})` : type.kind;
}

/** Digits before the decimal point an integer type needs. */
const INTEGER_DIGITS: Partial<Record<ColumnType["kind"], number>> = { int32: 10, int64: 19 };

/**
 * Whether every value of type `from` fits `to` unchanged: the same type, int32 → int64 or
 * double, an integer → a decimal with enough integer digits, a decimal → one with at least as
 * many integer and fractional digits. Anything else narrows or changes meaning.
 */
export function isWidening(from: ColumnType, to: ColumnType): boolean {
  if (typeName(from) === typeName(to)) return true;
  if (from.kind === "int32" && (to.kind === "int64" || to.kind === "double")) return true;
  const integerDigits = INTEGER_DIGITS[from.kind];
  if (integerDigits !== undefined && to.kind === "decimal") return to.precision - to.scale >= integerDigits;
  if (from.kind === "decimal" && to.kind === "decimal") return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
  return false;
}
