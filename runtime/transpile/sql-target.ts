import type { SqlOverrideDialect } from "../core/declare/sql-template.ts";

/** A dialect asset SQL is transpiled into: Spark SQL (EMR) or BigQuery Standard SQL. */
export type SqlTarget = SqlOverrideDialect;

/** Every target, in the order messages list them. */
export const SQL_TARGETS: readonly SqlTarget[] = ["spark", "bigquery"];

/** The target's name in messages. */
export const TARGET_LABEL: Readonly<Record<SqlTarget, string>> = { spark: "Spark SQL", bigquery: "BigQuery" };

/** True when `name` is a transpilation target. */
export function isSqlTarget(name: string): name is SqlTarget {
  return (SQL_TARGETS as readonly string[]).includes(name);
}
