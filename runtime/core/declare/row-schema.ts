import { z } from "zod";
import { assertNever } from "../assert-never.ts";
import type { ColumnSpec, ColumnType } from "./column.ts";

function zodOf(type: ColumnType): z.ZodType {
  switch (type.kind) {
    case "string":
      return z.string();
    case "int32":
      return z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
    case "int64":
      return z.number().int();
    case "double":
      return z.number();
    case "decimal":
      return z.number().refine((n) => Number.isFinite(n) && Math.abs(n) < 10 ** (type.precision - type.scale), `does not fit decimal(${type.precision}, ${type.scale})`);
    case "boolean":
      return z.boolean();
    case "date":
      return z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD");
    case "timestamp":
      return z.date();
    case "json":
      return z.unknown();
    default:
      return assertNever(type);
  }
}

/**
 * The zod schema of one published row: every column that is not dropped, nullable where
 * declared. Extra properties are rejected.
 */
export function rowSchema(columns: Readonly<Record<string, ColumnSpec>>): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, column] of Object.entries(columns)) {
    if (column.pii?.treatment === "drop") continue;
    shape[name] = column.nullable ? zodOf(column.type).nullable() : zodOf(column.type);
  }
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}
