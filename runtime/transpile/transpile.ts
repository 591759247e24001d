import { LakeformError } from "../core/errors.ts";
import { loadPolyglot } from "./polyglot.ts";
import { TARGET_LABEL, type SqlTarget } from "./sql-target.ts";

/** Thrown when SQL cannot be read as DuckDB SQL, or is not one statement. */
export class TranspileError extends LakeformError {
  override name = "TranspileError";
}

/**
 * Transpiles one DuckDB statement into `target`'s dialect with polyglot, pretty-printed. It only
 * rewrites syntax: bound parameters must not be positional markers (polyglot turns `$1` into a
 * bare `@` for BigQuery) — {@link renderForTarget} stands sentinel identifiers in for them and
 * for refs. What polyglot passes through unchanged is found by `untranslatableConstructs`.
 *
 * @throws TranspileError when polyglot cannot parse the SQL as DuckDB's, or it holds several statements
 * @example await transpile("select count_if(paid) from t", "bigquery") // "SELECT\n  COUNTIF(paid)\nFROM t"
 */
export async function transpile(duckdbSql: string, target: SqlTarget): Promise<string> {
  const polyglot = await loadPolyglot();
  const result = polyglot.transpile(duckdbSql, polyglot.Dialect.DuckDB, target === "spark" ? polyglot.Dialect.Spark : polyglot.Dialect.BigQuery, { pretty: true });
  if (!result.success || result.sql === undefined) {
    const at = result.errorLine === undefined ? "" : ` (line ${result.errorLine}, column ${result.errorColumn ?? "?"})`;
    throw new TranspileError(`The SQL cannot be read as DuckDB SQL to transpile it to ${TARGET_LABEL[target]}: ${result.error ?? "unknown error"}${at}`);
  }
  const [only, ...more] = result.sql;
  if (only === undefined || more.length > 0) throw new TranspileError(`The SQL holds ${result.sql.length} statements; an asset's SQL is one query`);
  return only;
}
