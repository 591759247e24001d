import type { CheckSpec } from "../declare/check.ts";
import type { ColumnSpec } from "../declare/column.ts";
import type { Dialect } from "../sql/dialect.ts";
import type { StatementParams } from "./statement-params.ts";

/** Checks decided row by row: fused into the one aggregate scan as a count of failing rows. */
export type RowCheck = Extract<CheckSpec, { kind: "notNull" | "acceptedValues" | "range" | "regex" }>;

export function isRowCheck(check: CheckSpec): check is RowCheck {
  return check.kind === "notNull" || check.kind === "acceptedValues" || check.kind === "range" || check.kind === "regex";
}

function bound(value: number | string, column: ColumnSpec | undefined, dialect: Dialect, params: StatementParams): string {
  const placeholder = params.bind(value);
  const type = column?.type;
  return type?.kind === "date" || type?.kind === "timestamp" ? `cast(${placeholder} as ${dialect.columnType(type)})` : placeholder;
}

/**
 * The SQL predicate, in `dialect`, that is true for a failing row of `check`. Values are bound
 * parameters of `params`. `valueOf` stands for a column's value (default: the quoted column), so
 * the same predicate can judge a statistic, e.g. a column's min.
 *
 * @example failingRowPredicate(notNull("id"), columns, sparkDialect, params) // "`id` is null"
 */
export function failingRowPredicate(check: RowCheck, columns: Readonly<Record<string, ColumnSpec>>, dialect: Dialect, params: StatementParams, valueOf?: (column: string) => string): string {
  const id = valueOf ?? ((name: string) => dialect.quoteIdentifier(name));
  switch (check.kind) {
    case "notNull":
      return check.columns.map((c) => `${id(c)} is null`).join(" or ");
    case "acceptedValues": {
      const column = id(check.column);
      return `${column} is not null and ${column} not in (${check.values.map((v) => params.bind(v)).join(", ")})`;
    }
    case "range": {
      const column = id(check.column);
      const spec = columns[check.column];
      const outside: string[] = [];
      if (check.min !== undefined) outside.push(`${column} ${check.inclusive ? "<" : "<="} ${bound(check.min, spec, dialect, params)}`);
      if (check.max !== undefined) outside.push(`${column} ${check.inclusive ? ">" : ">="} ${bound(check.max, spec, dialect, params)}`);
      return `${column} is not null and (${outside.join(" or ")})`;
    }
    case "regex": {
      const column = id(check.column);
      return `${column} is not null and not ${dialect.regexContains(column, params.bind(check.pattern))}`;
    }
  }
}
