import type { SqlValue } from "../../../core/declare/sql-template.ts";
import { ROW_COUNT, type AuditPlan, type AuditStatement, type PlannedCheck } from "../../../core/checks/audit-plan.ts";
import { planAudit, type AuditPlanInput, type AuditTarget } from "../../../core/checks/plan-audit.ts";
import { ROW_GROUP_ROWS, settleFromStatistics } from "../../../core/checks/settle-statistics.ts";
import { readAudit, wantsSample, type AuditResults, type ResultRow, type StatementResult } from "../../../core/checks/read-audit.ts";
import { auditContext } from "../../audit-context.ts";
import { duckdbDialect } from "../../../core/sql/dialects.ts";
import type { AuditRequest, AuditResult } from "../../engine.ts";
import type { DuckDBSession } from "../duckdb-session.ts";
import { macroValues } from "../materialize-sql.ts";
import { assetTimeZone } from "../partition-time-zone.ts";
import { relationSql } from "../relations.ts";
import { fileList } from "../sql-literals.ts";
import { attempt, runAuditStatement } from "./audit-statement.ts";
import { parquetStatistics } from "./parquet-statistics.ts";

/** Where the audit of a request reads, rendered for DuckDB over the staged Parquet files. */
function duckdbAuditInput(request: AuditRequest, window: { start: Date; end: Date } | undefined): AuditPlanInput {
  // The staged version, inlined in each query (a temp view would cost a catalog write per audit).
  const staged = `(select * from read_parquet(${fileList(request.files)}, union_by_name = true, hive_partitioning = false))`;
  const targets = new Map<string, AuditTarget>([...request.targets].map(([key, input]) => [key, { sql: relationSql(input), empty: input.files.length === 0 }]));
  return { dialect: duckdbDialect, staged, targets, macros: macroValues({ node: request.node, partition: request.partition, window }) };
}

/**
 * The audit plan of a request, rendered for DuckDB over the staged Parquet files; given the
 * row of the statistics statement ({@link statisticsOf}), it plans only what they left open.
 */
export function duckdbAuditPlan(request: AuditRequest, window: { start: Date; end: Date } | undefined, statistics?: ResultRow, options: AuditOptions = {}): AuditPlan {
  // The rows from the footers, or as the job reported them.
  const rows = Number(statistics?.[ROW_COUNT] ?? request.rows ?? 0);
  const sampleRows = options.profileSampleRows ?? 0;
  const rowGroupRows = Number(statistics?.[ROW_GROUP_ROWS] ?? 0);
  const profileSample = sampleRows > 0 && rows > SAMPLED_OVER * sampleRows ? stripedSample(request.files, rows, sampleRows, rowGroupRows) : undefined;
  return planAudit(request.node, { ...duckdbAuditInput(request, window), ...(statistics === undefined ? {} : { statistics }), ...(profileSample === undefined ? {} : { profileSample }) });
}

/** Partitions of more than this many times the sample's rows are profiled on the sample. */
export const SAMPLED_OVER = 10;

/** How an audit on DuckDB may save work. */
export interface AuditOptions {
  /** Profile partitions of more than {@link SAMPLED_OVER} times this many rows on a sample of about this many (see `DuckDBSettings`). @default 0: every row */
  readonly profileSampleRows?: number;
}

/** At most this many stripes a profile sample is taken in, spread over the data so that it is not only its beginning. */
const SAMPLE_STRIPES = 10;

/**
 * About `sampleRows` of the staged rows, in stripes of consecutive rows spread evenly over each
 * file, each a whole row group where their size is known (a row group touched is decoded whole):
 * DuckDB skips the row groups between them, so the sample costs what it reads (a `USING
 * SAMPLE` would decode every row first).
 */
function stripedSample(files: AuditRequest["files"], rows: number, sampleRows: number, rowGroupRows: number): { relation: string; rows: number } {
  const whole = rowGroupRows > 0 && rowGroupRows <= sampleRows;
  const count = whole ? Math.max(1, Math.min(SAMPLE_STRIPES, Math.round(sampleRows / rowGroupRows))) : SAMPLE_STRIPES;
  const stripe = whole ? rowGroupRows : Math.ceil(sampleRows / SAMPLE_STRIPES);
  const groups = whole ? Math.ceil(rows / rowGroupRows) : 0;
  const starts = Array.from({ length: count }, (_, k) => (whole ? Math.floor((k * groups) / count) * rowGroupRows : Math.floor((k * rows) / count)));
  const ranges = starts.map((start) => `file_row_number between ${start} and ${start + stripe - 1}`);
  const relation = `(select * from read_parquet(${fileList(files)}, union_by_name = true, hive_partitioning = false, file_row_number = true) where ${ranges.join(" or ")})`;
  return { relation, rows: Math.min(rows, count * stripe) };
}

/**
 * What the staged files' Parquet footers settle (see `settleFromStatistics`): one cheap query
 * reading no data page. Undefined when they cannot be read so (the audit then scans everything).
 */
export async function statisticsOf(session: DuckDBSession, request: AuditRequest): Promise<ResultRow | undefined> {
  try {
    return settleFromStatistics(request.node, await parquetStatistics(session, request.files));
  } catch {
    return undefined;
  }
}

/**
 * Versions of fewer rows than this (as the job reported) are audited by the one fused scan
 * without reading their statistics first: the scan reads them whole for the profile anyway, in
 * a few milliseconds, and the statistics query and the queries it would plan cost more than
 * they save. The verdicts are the same either way.
 */
export const STATISTICS_FROM_ROWS = 100_000;

/** Perfect hashing for integer GROUP BY keys spanning up to 2^24 values (DuckDB's default: 2^12), for uniqueness of integer keys. */
const PERFECT_HASH_BITS = 24;

/** Whether `planned` is a uniqueness check of one integer column: its GROUP BY gains from perfect hashing. */
function integerKeyUnique(planned: PlannedCheck, plan: AuditPlan, request: AuditRequest | undefined): boolean {
  const check = planned.check;
  if (check.kind !== "unique" || check.columns.length !== 1 || request === undefined) return false;
  const kind = request.node.columns[check.columns[0] ?? ""]?.type.kind;
  return plan.dialect === "duckdb" && (kind === "int32" || kind === "int64");
}

/**
 * Runs a DuckDB {@link AuditPlan}: the one aggregate scan (a failure there fails the audit),
 * each check's own query, and the failing sample of each check that fails. A query or sample
 * that fails is recorded with DuckDB's reason: its check reads as an error.
 */
export async function runAuditPlan(session: DuckDBSession, plan: AuditPlan, assetTimeZone: string, request?: AuditRequest): Promise<AuditResults & { readonly statements: number }> {
  const all = (statement: AuditStatement) => runAuditStatement(session, statement, assetTimeZone);
  // Dense integer keys group in an array instead of a hash table (keys spanning more stay hashed).
  const denseGroupBy = async <T>(work: () => Promise<T>): Promise<T> => {
    await session.run(`SET perfect_ht_threshold = ${PERFECT_HASH_BITS}`);
    try {
      return await work();
    } finally {
      await session.run("RESET perfect_ht_threshold");
    }
  };
  const [scanned = {}] = plan.scan.aggregates.length === 0 ? [] : await all(plan.scan);
  const scan = { ...plan.known, ...scanned };
  let statements = plan.scan.aggregates.length === 0 ? 0 : 1;
  const [profileScan] = plan.profileScan === undefined ? [] : await all(plan.profileScan);
  if (profileScan !== undefined) statements++;
  const queries = new Map<string, StatementResult<ResultRow>>();
  const samples = new Map<string, StatementResult<readonly ResultRow[]>>();
  for (const planned of plan.checks) {
    const answer = planned.answer;
    const precheck = planned.precheck;
    const found = precheck === undefined ? undefined : scan[precheck.when];
    if (precheck !== undefined && found !== null && found !== undefined && Number(found) === 0) {
      queries.set(planned.check.name, { ok: precheck.passing });
    } else if (answer.kind === "query") {
      const query = async () => (await all(answer.query))[0] ?? {};
      queries.set(planned.check.name, await attempt(integerKeyUnique(planned, plan, request) ? () => denseGroupBy(query) : query));
      statements++;
    }
    const sample = planned.sample;
    if (sample !== undefined && wantsSample(planned, { scan, queries })) {
      const own = queries.get(planned.check.name);
      const bound = sample.bindFrom === undefined || own === undefined || !("ok" in own) ? [] : [own.ok[sample.bindFrom] as SqlValue];
      samples.set(planned.check.name, await attempt(() => all({ ...sample.query, params: [...sample.query.params, ...bound] })));
      statements++;
    }
  }
  return { scan: scanned, queries, samples, statements, ...(profileScan === undefined ? {} : { profileScan }) };
}

/**
 * Audits staged data on DuckDB: reads what the files' statistics settle (unless the version is
 * small, see {@link STATISTICS_FROM_ROWS}), compiles the rest of
 * the node's checks and profile into the DuckDB audit plan, runs it, and reads the outcome with
 * the dialect-neutral `readAudit`. `queries` counts every statement, the statistics' included.
 */
export async function auditStaged(session: DuckDBSession, request: AuditRequest, window: { start: Date; end: Date } | undefined, options: AuditOptions = {}): Promise<AuditResult> {
  // A small version is read whole by its profile anyway: its statistics would cost more than they save.
  const small = request.rows !== undefined && request.rows < STATISTICS_FROM_ROWS;
  const statistics = small ? undefined : await statisticsOf(session, request);
  const plan = duckdbAuditPlan(request, window, statistics, options);
  const results = await runAuditPlan(session, plan, assetTimeZone(request.node.partitions), request);
  return { ...readAudit(plan, results, auditContext(request, window)), queries: results.statements + (statistics === undefined ? 0 : 1) };
}
