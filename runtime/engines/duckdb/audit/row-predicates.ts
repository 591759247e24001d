import type { CheckSpec } from "../../../core/declare/check.ts";
import type { ColumnSpec } from "../../../core/declare/column.ts";
import { identifier } from "../sql-literals.ts";
import type { SqlParams } from "./sql-params.ts";

/** Checks decided row by row: fused into the one aggregate scan as `count(*) filter (where …)`. */
export type RowCheck = Extract<CheckSpec, { kind: "notNull" | "acceptedValues" | "range" | "regex" }>;

export function isRowCheck(check: CheckSpec): check is RowCheck {
  return check.kind === "notNull" || check.kind === "acceptedValues" || check.kind === "range" || check.kind === "regex";
}

function bound(value: number | string, column: ColumnSpec | undefined, params: SqlParams): string {
  const placeholder = params.bind(value);
  const kind = column?.type.kind;
  return kind === "date" ? `cast(${placeholder} as DATE)` : kind === "timestamp" ? `cast(${placeholder} as TIMESTAMPTZ)` : placeholder;
}

/** The SQL predicate that is true for a failing row of `check`. Values are bound parameters. */
export function failingRowPredicate(check: RowCheck, columns: Readonly<Record<string, ColumnSpec>>, params: SqlParams): string {
  switch (check.kind) {
    case "notNull":
      return check.columns.map((c) => `${identifier(c)} is null`).join(" or ");
    case "acceptedValues": {
      const column = identifier(check.column);
      return `${column} is not null and ${column} not in (${check.values.map((v) => params.bind(v)).join(", ")})`;
    }
    case "range": {
      const column = identifier(check.column);
      const spec = columns[check.column];
      const outside: string[] = [];
      if (check.min !== undefined) outside.push(`${column} ${check.inclusive ? "<" : "<="} ${bound(check.min, spec, params)}`);
      if (check.max !== undefined) outside.push(`${column} ${check.inclusive ? ">" : ">="} ${bound(check.max, spec, params)}`);
      return `${column} is not null and (${outside.join(" or ")})`;
    }
    case "regex": {
      const column = identifier(check.column);
      return `${column} is not null and not regexp_matches(${column}, ${params.bind(check.pattern)})`;
    }
  }
}
