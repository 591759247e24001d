import type { AuditPlan, AuditStatement } from "../../../core/checks/audit-plan.ts";
import { planAudit, type AuditTarget } from "../../../core/checks/plan-audit.ts";
import { readAudit, wantsSample, type AuditResults, type ResultRow, type StatementResult } from "../../../core/checks/read-audit.ts";
import { auditContext } from "../../audit-context.ts";
import { duckdbDialect } from "../../../core/sql/dialects.ts";
import type { AuditRequest, AuditResult } from "../../engine.ts";
import { duckdbReason } from "../duckdb-errors.ts";
import type { DuckDBSession } from "../duckdb-session.ts";
import { macroValues } from "../materialize-sql.ts";
import { assetTimeZone } from "../partition-time-zone.ts";
import { relationSql } from "../relations.ts";
import { fileList } from "../sql-literals.ts";

/** The audit plan of a request, rendered for DuckDB over the staged Parquet files. */
export function duckdbAuditPlan(request: AuditRequest, window: { start: Date; end: Date } | undefined): AuditPlan {
  // The staged version, inlined in each query (a temp view would cost a catalog write per audit).
  const staged = `(select * from read_parquet(${fileList(request.files)}, union_by_name = true, hive_partitioning = false))`;
  const targets = new Map<string, AuditTarget>([...request.targets].map(([key, input]) => [key, { sql: relationSql(input), empty: input.files.length === 0 }]));
  return planAudit(request.node, { dialect: duckdbDialect, staged, targets, macros: macroValues({ node: request.node, partition: request.partition, window }) });
}

/**
 * Runs a DuckDB {@link AuditPlan}: the one aggregate scan (a failure there fails the audit),
 * each check's own query, and the failing sample of each check that fails. A query or sample
 * that fails is recorded with DuckDB's reason: its check reads as an error.
 */
export async function runAuditPlan(session: DuckDBSession, plan: AuditPlan, assetTimeZone: string): Promise<AuditResults & { readonly statements: number }> {
  const all = (statement: AuditStatement) => (statement.inAssetTimeZone === true ? session.inTimeZone(assetTimeZone, () => session.all(statement.sql, statement.params)) : session.all(statement.sql, statement.params));
  const attempt = async <T>(work: () => Promise<T>): Promise<StatementResult<T>> => {
    try {
      return { ok: await work() };
    } catch (error) {
      return { error: duckdbReason(error) };
    }
  };
  const [scan = {}] = await all(plan.scan);
  let statements = 1;
  const queries = new Map<string, StatementResult<ResultRow>>();
  const samples = new Map<string, StatementResult<readonly ResultRow[]>>();
  for (const planned of plan.checks) {
    const answer = planned.answer;
    if (answer.kind === "query") {
      queries.set(planned.check.name, await attempt(async () => (await all(answer.query))[0] ?? {}));
      statements++;
    }
    const sample = planned.sample;
    if (sample !== undefined && wantsSample(planned, { scan, queries })) {
      samples.set(planned.check.name, await attempt(() => all(sample.query)));
      statements++;
    }
  }
  return { scan, queries, samples, statements };
}

/**
 * Audits staged data on DuckDB: compiles the node's checks and profile into the DuckDB audit
 * plan, runs it, and reads the outcome with the dialect-neutral `readAudit`.
 */
export async function auditStaged(session: DuckDBSession, request: AuditRequest, window: { start: Date; end: Date } | undefined): Promise<AuditResult> {
  const plan = duckdbAuditPlan(request, window);
  const results = await runAuditPlan(session, plan, assetTimeZone(request.node.partitions));
  return { ...readAudit(plan, results, auditContext(request, window)), queries: results.statements };
}
