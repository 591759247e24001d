import type { SqlValue } from "../../../core/declare/sql-template.ts";

/** Collects bound parameters while SQL is built, handing out `$n` placeholders. */
export class SqlParams {
  readonly values: SqlValue[] = [];

  /** The placeholder for `value`. */
  bind(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
