import type { AuditStatement } from "../../../core/checks/audit-plan.ts";
import type { ResultRow, StatementResult } from "../../../core/checks/read-audit.ts";
import { duckdbReason } from "../duckdb-errors.ts";
import type { DuckDBSession } from "../duckdb-session.ts";

/** Runs one audit statement: in the asset's time zone when it asks (custom SQL checks), in the engine's otherwise. */
export function runAuditStatement(session: DuckDBSession, statement: AuditStatement, assetTimeZone: string): Promise<ResultRow[]> {
  const run = () => session.all(statement.sql, statement.params);
  return statement.inAssetTimeZone === true ? session.inTimeZone(assetTimeZone, run) : run();
}

/** What `work` returned, or DuckDB's reason it failed (one line): a check whose statement fails reads as an error. */
export async function attempt<T>(work: () => Promise<T>): Promise<StatementResult<T>> {
  try {
    return { ok: await work() };
  } catch (error) {
    return { error: duckdbReason(error) };
  }
}
