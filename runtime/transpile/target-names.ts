import { bigqueryDialect, sparkDialect } from "../core/sql/dialects.ts";
import type { SqlTarget } from "./sql-target.ts";

/** The project `lakeform render` shows BigQuery tables in, until the stack names one. */
export const PLACEHOLDER_PROJECT = "your-gcp-project";

/**
 * The temporary view a Spark step defines over a parent's published version before the asset's
 * SQL runs: `lf_` and the key with `/` as `__`, e.g. `` `lf_clean__orders` ``.
 */
export function sparkInputView(key: string): string {
  return sparkDialect.quoteIdentifier(`lf_${key.replace(/\//g, "__")}`);
}

/**
 * The name a target engine reads a parent asset by: a temporary view for Spark
 * ({@link sparkInputView}), the `project.dataset.table` of BigQuery (the key's first segment is
 * the dataset; `project` defaults to {@link PLACEHOLDER_PROJECT}).
 */
export function targetInputName(key: string, target: SqlTarget, project: string = PLACEHOLDER_PROJECT): string {
  return target === "spark" ? sparkInputView(key) : bigqueryDialect.tableName(key, { project });
}
