import type { CheckSpec } from "../../../core/declare/check.ts";
import { formatAge, parseDuration } from "../../../core/declare/duration.ts";
import { formatCount, plural } from "../../../core/checks/format-count.ts";
import { volumeVerdict } from "../../../core/checks/volume-anomaly.ts";
import type { AuditRequest, AuditResult, CheckOutcome } from "../../engine.ts";
import { publishedColumns } from "../../published-columns.ts";
import { duckdbReason } from "../duckdb-errors.ts";
import type { DuckDBSession } from "../duckdb-session.ts";
import { renderAssetSql } from "../materialize-sql.ts";
import { assetTimeZone } from "../partition-time-zone.ts";
import { relationSql } from "../relations.ts";
import { fileList, identifier } from "../sql-literals.ts";
import { errored, outcome } from "./check-outcome.ts";
import { profileAggregates, readProfile, type Aggregate } from "./profile-aggregates.ts";
import { failingRowPredicate, isRowCheck } from "./row-predicates.ts";
import { SqlParams } from "./sql-params.ts";

const SAMPLE_ROWS = 5;

type Check<K extends CheckSpec["kind"]> = Extract<CheckSpec, { kind: K }>;

async function sample(session: DuckDBSession, sql: string, params: SqlParams): Promise<Record<string, unknown>[]> {
  return session.all(`${sql} limit ${SAMPLE_ROWS}`, params.values);
}

/** The reference instant of freshness checks: the run's clock, or the end of the partition's window when that is earlier (backfills). */
function freshnessReference(request: AuditRequest, windowEnd: Date | undefined): Date {
  return windowEnd !== undefined && windowEnd < request.now ? windowEnd : request.now;
}

async function uniqueOutcome(session: DuckDBSession, staged: string, check: Check<"unique">, rows: number): Promise<CheckOutcome> {
  const keys = check.columns.map(identifier).join(", ");
  const notNull = check.columns.map((c) => `${identifier(c)} is not null`).join(" and ");
  const duplicates = `select ${keys}, count(*) as n from ${staged} where ${notNull} group by ${keys} having count(*) > 1`;
  const [result] = await session.all(`select count(*) as keys, coalesce(sum(n), 0) as rows from (${duplicates})`);
  const keysDuplicated = Number(result?.keys ?? 0);
  const failed = keysDuplicated > 0;
  const failingSample = failed ? await sample(session, `select * from ${staged} where (${keys}) in (select ${keys} from (${duplicates}))`, new SqlParams()) : [];
  const message = failed ? `${plural(keysDuplicated, "duplicated key")} (${plural(Number(result?.rows ?? 0), "row")}) of ${plural(rows, "row")} on ${check.columns.join(", ")}` : `${check.columns.join(", ")} unique across ${plural(rows, "row")}`;
  return outcome(check, failed, message, { duplicatedKeys: keysDuplicated, duplicatedRows: Number(result?.rows ?? 0), rows }, failingSample);
}

async function relationshipsOutcome(session: DuckDBSession, staged: string, check: Check<"relationships">, request: AuditRequest): Promise<CheckOutcome> {
  const target = request.targets.get(check.to);
  if (target === undefined || target.files.length === 0) return errored(check, `"${check.to}" has never been materialised, so "${check.column}" cannot be checked against it`);
  const column = identifier(check.column);
  const orphan = `select * from ${staged} s where s.${column} is not null and not exists (select 1 from ${relationSql(target)} t where t.${identifier(check.toColumn)} = s.${column})`;
  const [result] = await session.all(`select count(*) as n from (${orphan})`);
  const failing = Number(result?.n ?? 0);
  const failingSample = failing > 0 ? await sample(session, orphan, new SqlParams()) : [];
  const message = failing > 0 ? `${plural(failing, "value")} of ${check.column} not found in ${check.to}.${check.toColumn}` : `every ${check.column} exists in ${check.to}.${check.toColumn}`;
  return outcome(check, failing > 0, message, { failing }, failingSample);
}

/** A `c.sql` check, run like the asset's own SQL: in the time zone of its partitions. */
async function customSqlOutcome(session: DuckDBSession, staged: string, check: Check<"sql">, request: AuditRequest, window: { start: Date; end: Date } | undefined): Promise<CheckOutcome> {
  return session.inTimeZone(assetTimeZone(request.node.partitions), () => customSqlOutcomeInZone(session, staged, check, request, window));
}

async function customSqlOutcomeInZone(session: DuckDBSession, staged: string, check: Check<"sql">, request: AuditRequest, windowEnd: { start: Date; end: Date } | undefined): Promise<CheckOutcome> {
  const rendered = renderAssetSql(check.query, { node: request.node, partition: request.partition, window: windowEnd, inputs: request.targets }, staged);
  const params = new SqlParams();
  params.values.push(...rendered.params);
  const [result] = await session.all(`select count(*) as n from (\n${rendered.text}\n)`, rendered.params);
  const failing = Number(result?.n ?? 0);
  const failingSample = failing > 0 ? await sample(session, `select * from (\n${rendered.text}\n)`, params) : [];
  return outcome(check, failing > 0, failing > 0 ? `returned ${plural(failing, "failing row")}` : "returned no failing rows", { failing }, failingSample);
}

function schemaOutcome(check: Pick<CheckSpec, "name" | "kind" | "severity" | "blocking"> & { allowUnexpected: boolean }, request: AuditRequest): CheckOutcome {
  const { missing, unexpected } = request.drift;
  const counted = check.allowUnexpected ? [] : unexpected;
  const parts = [missing.length > 0 ? `missing ${missing.join(", ")}` : "", unexpected.length > 0 ? `unexpected ${unexpected.join(", ")}${check.allowUnexpected ? " (allowed)" : ""}` : ""].filter(Boolean);
  return outcome(check, missing.length + counted.length > 0, parts.length > 0 ? `schema drift: ${parts.join("; ")}` : "the data has exactly the declared columns", { missing: missing.length, unexpected: unexpected.length });
}

/**
 * A warning for landed files the source's pattern does not reach although they look like its
 * files (e.g. `orders/dt=2026-11-28/x.csv` for `orders/*.csv`): they were not loaded, and the
 * user should know — widen the pattern, or move them away.
 */
function unmatchedFilesOutcome(node: AuditRequest["node"], files: readonly string[]): CheckOutcome {
  const pattern = node.compute.kind === "ingest" ? node.compute.from.pattern : "";
  const wider = pattern.includes("/") ? pattern.replace(/\/([^/]*)$/, "/**/$1") : `**/${pattern}`;
  const listed = files.slice(0, 5).join(", ") + (files.length > 5 ? ` and ${files.length - 5} more` : "");
  const message = `${plural(files.length, "landed file")} in a subfolder that the pattern "${pattern}" does not reach ${files.length === 1 ? "was" : "were"} not loaded: ${listed}. Use the pattern "${wider}" to load subfolders too, or move ${files.length === 1 ? "it" : "them"} out of the landing folder`;
  return outcome({ name: "unmatched_landing_files", kind: "schema", severity: "warn", blocking: false }, true, message, { files: files.length });
}

/**
 * Audits staged data in one aggregate scan — every row-level check, row count, freshness
 * maxima and the whole profile — plus one GROUP BY per uniqueness key set and one query per
 * relationship and custom SQL check. Failing checks get a sample of failing rows.
 */
export async function auditStaged(session: DuckDBSession, request: AuditRequest, window: { start: Date; end: Date } | undefined): Promise<AuditResult> {
  const node = request.node;
  // The staged version, inlined in each query (a temp view would cost a catalog write per audit).
  const staged = `(select * from read_parquet(${fileList(request.files)}, union_by_name = true, hive_partitioning = false))`;
  const params = new SqlParams();
  const aggregates: Aggregate[] = [{ alias: "row_count", sql: "count(*)" }];
  const predicates = new Map<CheckSpec, string>();
  node.checks.forEach((check, i) => {
    if (isRowCheck(check)) {
      const predicate = failingRowPredicate(check, node.columns, params);
      predicates.set(check, predicate);
      aggregates.push({ alias: `c${i}`, sql: `count(*) filter (where ${predicate})` });
    } else if (check.kind === "freshness") {
      aggregates.push({ alias: `c${i}`, sql: `epoch_ms(cast(max(${identifier(check.column)}) as TIMESTAMPTZ))` });
    }
  });
  const columns = publishedColumns(node.columns);
  columns.forEach(([name, column], i) => aggregates.push(...profileAggregates(i, name, column)));
  const [row = {}] = await session.all(`select ${aggregates.map((a) => `${a.sql} as ${a.alias}`).join(", ")} from ${staged}`, params.values);
  let queries = 1;
  const rows = Number(row.row_count ?? 0);

  const checks: CheckOutcome[] = [];
  for (const [i, check] of node.checks.entries()) {
    try {
      switch (check.kind) {
        case "notNull":
        case "acceptedValues":
        case "range":
        case "regex": {
          const failing = Number(row[`c${i}`] ?? 0);
          const what = check.kind === "notNull" ? (check.columns.length === 1 ? "null" : `row with a null in ${check.columns.join(", ")}`) : check.kind === "acceptedValues" ? `value of ${check.column} outside the accepted values` : check.kind === "range" ? `value of ${check.column} out of range` : `value of ${check.column} not matching /${check.pattern}/`;
          let failingSample: Record<string, unknown>[] = [];
          if (failing > 0) {
            const sampleParams = new SqlParams();
            failingSample = await sample(session, `select * from ${staged} where ${failingRowPredicate(check, node.columns, sampleParams)}`, sampleParams);
            queries++;
          }
          checks.push(outcome(check, failing > 0, `${plural(failing, what, what === "null" ? "nulls" : what.replace(/^(row|value)/, "$1s"))} of ${plural(rows, "row")}`, { failing, rows }, failingSample));
          break;
        }
        case "unique":
          checks.push(await uniqueOutcome(session, staged, check, rows));
          queries += 1 + ((checks.at(-1)?.failingSample.length ?? 0) > 0 ? 1 : 0);
          break;
        case "relationships":
          checks.push(await relationshipsOutcome(session, staged, check, request));
          queries += 1 + ((checks.at(-1)?.failingSample.length ?? 0) > 0 ? 1 : 0);
          break;
        case "sql":
          checks.push(await customSqlOutcome(session, staged, check, request, window));
          queries += 1 + ((checks.at(-1)?.failingSample.length ?? 0) > 0 ? 1 : 0);
          break;
        case "rowCount": {
          const failed = (check.min !== undefined && rows < check.min) || (check.max !== undefined && rows > check.max);
          const bounds = [check.min === undefined ? "" : `at least ${formatCount(check.min)}`, check.max === undefined ? "" : `at most ${formatCount(check.max)}`].filter(Boolean).join(" and ");
          checks.push(outcome(check, failed, `${plural(rows, "row")}; expected ${bounds}`, { rows }));
          break;
        }
        case "volumeAnomaly": {
          const weekday = (partitionOrDate: string | Date) => new Date(partitionOrDate).getUTCDay();
          const own = node.partitions?.kind === "time" ? weekday(request.partition.slice(0, 10)) : request.now.getUTCDay();
          const history = request.rowHistory.filter((h) => !check.sameWeekday || (node.partitions?.kind === "time" ? weekday(h.partition.slice(0, 10)) : h.publishedAt.getUTCDay()) === own).map((h) => h.rows);
          const scope = check.sameWeekday ? `${["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"][own]}` : node.partitions === undefined ? "runs" : "partitions";
          const verdict = volumeVerdict(rows, history, check, scope);
          checks.push(outcome(check, verdict.anomalous, verdict.message, verdict.metrics));
          break;
        }
        case "freshness": {
          const newest = row[`c${i}`];
          const reference = freshnessReference(request, window?.end);
          const maxAge = parseDuration(check.maxAge) ?? 0;
          if (newest === null || newest === undefined) {
            checks.push(outcome(check, true, `no ${check.column} values at all`, { ageMs: null }));
          } else {
            const age = reference.getTime() - Number(newest);
            checks.push(outcome(check, age > maxAge, `newest ${check.column} is ${formatAge(Math.max(0, age))} old (max ${check.maxAge})`, { ageMs: age, newest: new Date(Number(newest)).toISOString() }));
          }
          break;
        }
        case "schema":
          checks.push(schemaOutcome(check, request));
          break;
      }
    } catch (error) {
      checks.push(errored(check, `could not be evaluated: ${duckdbReason(error)}`));
    }
  }
  const hasSchemaCheck = node.checks.some((c) => c.kind === "schema");
  if (!hasSchemaCheck && request.drift.missing.length + request.drift.unexpected.length > 0) {
    checks.push(schemaOutcome({ name: "schema_drift", kind: "schema", severity: "warn", blocking: false, allowUnexpected: false }, request));
  }
  const unmatched = request.unmatchedLandingFiles ?? [];
  if (unmatched.length > 0) checks.push(unmatchedFilesOutcome(request.node, unmatched));
  const profile = columns.map(([name, column], i) => readProfile(i, name, column, row));
  return { rows, checks, profile, queries };
}
