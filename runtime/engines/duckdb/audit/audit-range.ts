import type { AuditPlan, AuditStatement } from "../../../core/checks/audit-plan.ts";
import { readAudit, wantsSample, type ResultRow, type StatementResult } from "../../../core/checks/read-audit.ts";
import type { TimeWindow } from "../../../core/partitions/time-window.ts";
import { auditContext } from "../../audit-context.ts";
import type { AuditRequest, AuditResult } from "../../engine.ts";
import type { DataLocation } from "../../../storage/data-location.ts";
import type { DuckDBSession } from "../duckdb-session.ts";
import { localPathFor } from "../local-files.ts";
import { assetTimeZone } from "../partition-time-zone.ts";
import { fileList, identifier } from "../sql-literals.ts";
import { attempt, runAuditStatement } from "./audit-statement.ts";
import { auditStaged, duckdbAuditPlan, SAMPLED_OVER, STATISTICS_FROM_ROWS, type AuditOptions } from "./audit-staged.ts";

/** The column naming each row's file in a scan of several files (not `filename`: a data column may be called so). */
const FILE = "lf_file";

/** One version of the batch: its request, window, plan and its one file. */
interface Member {
  readonly request: AuditRequest;
  readonly window: TimeWindow | undefined;
  readonly plan: AuditPlan;
  readonly file: string;
}

/** Whether the versions can be audited together: small versions of one asset (profiled whole, not on a sample), one local file each. */
function batchable(requests: readonly AuditRequest[], options: AuditOptions): boolean {
  const [first] = requests;
  if (first === undefined || requests.length < 2) return false;
  const sampled = (rows: number) => (options.profileSampleRows ?? 0) > 0 && rows > SAMPLED_OVER * (options.profileSampleRows ?? 0);
  return requests.every((r) => r.node === first.node && r.files.length === 1 && r.files[0]?.kind === "files" && r.files[0].uri.startsWith("file:") && r.rows !== undefined && r.rows < STATISTICS_FROM_ROWS && !sampled(r.rows));
}

/** Rows of `sql` (grouped by file) by file. */
async function byFile(session: DuckDBSession, statement: AuditStatement): Promise<Map<string, ResultRow>> {
  const rows = await session.all(statement.sql, statement.params);
  return new Map(rows.map((row) => [String(row[FILE]), row]));
}

/** The one scan of every version's aggregates, grouped by file (every plan of the batch has the same aggregates and parameters: one asset, no statistics). */
function groupedScan(plan: AuditPlan, files: string): AuditStatement {
  const aggregates = plan.scan.aggregates.map((a) => `${a.sql} as ${a.id}`).join(",\n  ");
  return { sql: `select ${FILE},\n  ${aggregates}\nfrom ${files} as staged\ngroup by ${FILE}`, params: plan.scan.params };
}

/** A uniqueness query of every version at once: duplicated keys and rows per file. */
function groupedUnique(columns: readonly string[], files: string): AuditStatement {
  const keys = columns.map(identifier).join(", ");
  const notNull = columns.map((c) => `${identifier(c)} is not null`).join(" and ");
  return {
    sql: `select ${FILE}, count(*) as duplicated_keys, coalesce(sum(n), 0) as duplicated_rows from (select ${FILE}, ${keys}, count(*) as n from ${files} where ${notNull} group by ${FILE}, ${keys} having count(*) > 1) as duplicates group by ${FILE}`,
    params: [],
  };
}

/**
 * Audits the versions a range job wrote, together where their plans allow: the fused scan of
 * every version is one scan grouped by file, and each single-table uniqueness check one
 * grouped GROUP BY; relationship and custom SQL checks, and failing samples, run per version
 * (they read other data or their partition's macros). Each version is then read with its own
 * plan and context, exactly as `auditStaged` reads one — the same verdicts and profile. Versions
 * that cannot be batched (large ones, which read their statistics first; several files; not
 * local) are audited one by one.
 */
export async function auditRange(session: DuckDBSession, requests: readonly AuditRequest[], windowOf: (request: AuditRequest) => TimeWindow | undefined, options: AuditOptions = {}): Promise<AuditResult[]> {
  if (!batchable(requests, options)) {
    const results: AuditResult[] = [];
    for (const request of requests) results.push(await auditStaged(session, request, windowOf(request), options));
    return results;
  }
  const members: Member[] = requests.map((request) => {
    const window = windowOf(request);
    // One local file each (see `batchable`).
    return { request, window, plan: duckdbAuditPlan(request, window), file: localPathFor(request.files[0] as DataLocation) };
  });
  const files = `read_parquet(${fileList(members.map((m) => m.file))}, union_by_name = true, hive_partitioning = false, filename = '${FILE}')`;
  const [first] = members as [Member, ...Member[]];
  const scans = await byFile(session, groupedScan(first.plan, files));
  let statements = 1;
  const grouped = new Map<string, Map<string, ResultRow>>();
  for (const planned of first.plan.checks) {
    if (planned.check.kind !== "unique" || planned.answer.kind !== "query") continue;
    grouped.set(planned.check.name, await byFile(session, groupedUnique(planned.check.columns, files)));
    statements++;
  }
  const results: AuditResult[] = [];
  for (const member of members) {
    // A version without rows has no group: its scan is its own.
    const scanned = scans.get(member.file);
    if (scanned === undefined) {
      results.push(await auditStaged(session, member.request, member.window, options));
      continue;
    }
    const all = (statement: AuditStatement) => runAuditStatement(session, statement, assetTimeZone(member.request.node.partitions));
    const queries = new Map<string, StatementResult<ResultRow>>();
    const samples = new Map<string, StatementResult<readonly ResultRow[]>>();
    let own = 0;
    for (const planned of member.plan.checks) {
      const answer = planned.answer;
      const rows = grouped.get(planned.check.name);
      if (rows !== undefined) queries.set(planned.check.name, { ok: rows.get(member.file) ?? { duplicated_keys: 0, duplicated_rows: 0 } });
      else if (answer.kind === "query") {
        queries.set(planned.check.name, await attempt(async () => (await all(answer.query))[0] ?? {}));
        own++;
      }
      const sample = planned.sample;
      if (sample !== undefined && wantsSample(planned, { scan: scanned, queries })) {
        samples.set(planned.check.name, await attempt(() => all(sample.query)));
        own++;
      }
    }
    // The batch's statements are counted with its first version.
    results.push({ ...readAudit(member.plan, { scan: scanned, queries, samples }, auditContext(member.request, member.window)), queries: own + (member === first ? statements : 0) });
  }
  return results;
}
