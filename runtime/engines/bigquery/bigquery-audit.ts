import type { AuditPlan, AuditStatement, PlannedCheck } from "../../core/checks/audit-plan.ts";
import { planAudit, SAMPLE_ROWS, type AuditTarget } from "../../core/checks/plan-audit.ts";
import { readAudit, wantsSample, type ResultRow, type StatementResult } from "../../core/checks/read-audit.ts";
import { LakeformError } from "../../core/errors.ts";
import { macroValues } from "../../core/partitions/partition-macros.ts";
import { windowOf } from "../../core/partitions/time-window.ts";
import { formatProblem } from "../../core/problem.ts";
import { bigqueryDialect } from "../../core/sql/dialects.ts";
import { renderForTarget } from "../../transpile/render-for-target.ts";
import { auditContext } from "../audit-context.ts";
import type { AuditRequest, AuditResult } from "../engine.ts";
import { runQuery, type QueryRun } from "./bigquery-query.ts";
import { quoteTable, relationSql } from "./bigquery-relations.ts";

/**
 * The audit plan of staged data on BigQuery: Lakeform's checks rendered natively in BigQuery SQL
 * over the staging table, custom `c.sql` checks (DuckDB SQL written by people) transpiled like
 * the asset's own SQL with `${self}` the staging table; one that does not translate is
 * unanswerable, with the reason.
 */
export async function bigqueryAuditPlan(request: AuditRequest, window: { start: Date; end: Date } | undefined): Promise<AuditPlan> {
  const { node } = request;
  const staged = request.files[0];
  if (staged === undefined || staged.kind !== "table") throw new LakeformError(`Asset "${node.key}": no staging table to audit for partition ${request.partition || "(unpartitioned)"}. Fix: materialise it again.`);
  const self = quoteTable(staged.table);
  const macros = macroValues({ node, partition: request.partition, window });
  const targets = new Map<string, AuditTarget>([...request.targets].map(([key, input]) => [key, { sql: relationSql(input), empty: input.files.length === 0 }]));
  const plan = planAudit(node, { dialect: bigqueryDialect, staged: self, targets, macros });
  const checks: PlannedCheck[] = [];
  for (const planned of plan.checks) {
    const check = planned.check;
    if (check.kind !== "sql") {
      checks.push(planned);
      continue;
    }
    const rendered = await renderForTarget(check.query, { target: "bigquery", ref: (ref) => targets.get(ref.key)?.sql ?? quoteTable(ref.key), macros, self }, { asset: node.key, check: check.name });
    if (rendered.problems.length > 0) {
      checks.push({ check, answer: { kind: "unanswerable", message: `could not be evaluated on BigQuery: ${rendered.problems.map(formatProblem).join("; ")}` } });
      continue;
    }
    const params = rendered.params;
    checks.push({
      check,
      answer: { kind: "query", query: { sql: `select count(*) as failing from (\n${rendered.text}\n) as failing_rows`, params, inAssetTimeZone: true } },
      sample: { when: "failing", query: { sql: `select * from (\n${rendered.text}\n) as failing_rows limit ${SAMPLE_ROWS}`, params, inAssetTimeZone: true } },
    });
  }
  return Object.freeze({ ...plan, checks: Object.freeze(checks) });
}

/**
 * Audits a staging table inside BigQuery: the plan's one fused scan (a failure there fails the
 * audit), each check's own query, and the failing sample of each failing check, every one a
 * query job with a dry run first and `maximumBytesBilled`; judged by the same `readAudit` as
 * every engine.
 */
export async function auditOnBigQuery(run: QueryRun, request: AuditRequest): Promise<AuditResult> {
  const { node } = request;
  const partitions = node.partitions;
  const window = partitions?.kind === "time" && request.partition !== "" ? windowOf(partitions, request.partition) : undefined;
  const plan = await bigqueryAuditPlan(request, window);
  const zone = partitions?.kind === "time" ? partitions.timezone : "UTC";
  const runIn = (statement: AuditStatement, maxResults: number) => runQuery(run, statement.sql, statement.params, maxResults, statement.inAssetTimeZone === true ? zone : undefined);
  const attempt = async <T>(work: () => Promise<T>): Promise<StatementResult<T>> => {
    try {
      return { ok: await work() };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };
  const [scan = {}] = await runIn(plan.scan, 1).catch((error: unknown) => {
    throw new LakeformError(`Asset "${node.key}": the audit scan of ${request.files.map((f) => (f.kind === "table" ? f.table : f.uri)).join(", ")} failed on BigQuery: ${error instanceof Error ? error.message : String(error)}. Fix: check the staging table exists (it expires after a day; materialise again), then audit again.`);
  });
  let queries = 1;
  const answers = new Map<string, StatementResult<ResultRow>>();
  const samples = new Map<string, StatementResult<readonly ResultRow[]>>();
  for (const planned of plan.checks) {
    const answer = planned.answer;
    if (answer.kind === "query") {
      answers.set(planned.check.name, await attempt(async () => (await runIn(answer.query, 1))[0] ?? {}));
      queries++;
    }
    const sample = planned.sample;
    if (sample !== undefined && wantsSample(planned, { scan, queries: answers })) {
      samples.set(planned.check.name, await attempt(() => runIn(sample.query, SAMPLE_ROWS)));
      queries++;
    }
  }
  return { ...readAudit(plan, { scan, queries: answers, samples }, auditContext(request, window)), queries };
}
