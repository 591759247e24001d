import type { SqlValue } from "../declare/sql-template.ts";
import type { Dialect } from "../sql/dialect.ts";

/**
 * Collects the bound parameters of one statement while its SQL is built, handing out the
 * dialect's placeholders (`$1` / `:p0` / `@p0`). Values are never spliced into the text.
 */
export class StatementParams {
  readonly values: SqlValue[] = [];

  constructor(private readonly dialect: Dialect) {}

  /** The placeholder for `value`. */
  bind(value: SqlValue): string {
    this.values.push(value);
    return this.dialect.parameter(this.values.length - 1);
  }
}
