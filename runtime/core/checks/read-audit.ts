import { assertNever } from "../assert-never.ts";
import type { CheckSpec } from "../declare/check.ts";
import { formatAge, parseDuration } from "../declare/duration.ts";
import { ROW_COUNT, type AuditPlan, type PlannedCheck, type ProfiledColumn } from "./audit-plan.ts";
import { errorVerdict, verdict, type CheckVerdict } from "./check-verdict.ts";
import { formatCount, plural } from "./format-count.ts";
import { volumeVerdict } from "./volume-anomaly.ts";

/** One result row (column → value) of a statement. */
export type ResultRow = Readonly<Record<string, unknown>>;

/** What a statement returned, or why it failed (the engine's reason, one line). */
export type StatementResult<T> = { readonly ok: T } | { readonly error: string };

/** What running a plan returned. */
export interface AuditResults {
  /** The fused scan's one row, by aggregate id (values the plan knows from statistics need not be repeated). */
  readonly scan: ResultRow;
  /** Check name → its own query's one row (checks answered by a query). */
  readonly queries: ReadonlyMap<string, StatementResult<ResultRow>>;
  /** Check name → its failing rows (checks whose sample was wanted, see {@link wantsSample}). */
  readonly samples: ReadonlyMap<string, StatementResult<readonly ResultRow[]>>;
  /** The row of the plan's `profileScan` (the profile on a sample), when it has one. */
  readonly profileScan?: ResultRow;
}

/** What the audit of one staged version knows besides the data. */
export interface AuditContext {
  /** `""` when the asset is unpartitioned. */
  readonly partition: string;
  readonly drift: { readonly missing: readonly string[]; readonly unexpected: readonly string[] };
  /** Row counts of earlier versions, newest first, for volume anomaly. */
  readonly rowHistory: readonly { readonly partition: string; readonly rows: number; readonly publishedAt: Date }[];
  /** The run's clock. */
  readonly now: Date;
  /** The end of the partition's time window, if it has one (freshness of backfills is judged there). */
  readonly windowEnd: Date | undefined;
  /** For sources: landed files in subfolders the pattern does not reach (not loaded). */
  readonly unmatchedLandingFiles?: readonly string[];
  /** For snapshot sources: primary keys of the previous snapshot the new one lacks (rows deleted at the source). */
  readonly keysGoneAtSource?: number;
}

/** The statistics of one column, as a profile records them. */
export interface ColumnProfileReading {
  readonly name: string;
  readonly type: string;
  readonly nulls: number;
  readonly distinct: number | null;
  readonly min: number | string | null;
  readonly max: number | string | null;
  readonly mean: number | null;
  readonly stddev: number | null;
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly quantiles: readonly number[] | null;
  /**
   * When distinct, mean, stddev, quantiles and lengths were estimated on a sample of the rows
   * (very large partitions): about how many. Nulls, min and max are always exact. A distinct
   * count is kept from a sample only when the column is clearly of low cardinality (at most
   * one value per {@link SAMPLED_ROWS_PER_DISTINCT} sampled rows), null otherwise.
   */
  readonly sampledRows?: number;
}

/** A distinct count seen in a sample stands for the whole only when each value shows up this many times on average. */
export const SAMPLED_ROWS_PER_DISTINCT = 100;

/** The audit read from a plan's results: the same for every dialect. */
export interface AuditReading {
  readonly rows: number;
  readonly checks: readonly CheckVerdict[];
  readonly profile: readonly ColumnProfileReading[];
}

type Check<K extends CheckSpec["kind"]> = Extract<CheckSpec, { kind: K }>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The values a check reads: the scan's row or, for checks answered by a query, that query's row. */
function valuesOf(planned: PlannedCheck, results: Pick<AuditResults, "scan" | "queries">): StatementResult<ResultRow> {
  if (planned.answer.kind !== "query") return { ok: results.scan };
  return results.queries.get(planned.check.name) ?? { error: "its query was not run" };
}

/** Whether the engine should fetch `planned`'s failing sample: its failure count is above zero. */
export function wantsSample(planned: PlannedCheck, results: Pick<AuditResults, "scan" | "queries">): boolean {
  if (planned.sample === undefined) return false;
  const values = valuesOf(planned, results);
  return "ok" in values && Number(values.ok[planned.sample.when] ?? 0) > 0;
}

function rowCheckVerdict(check: Check<"notNull" | "acceptedValues" | "range" | "regex">, failing: number, rows: number, sample: readonly ResultRow[]): CheckVerdict {
  const what = check.kind === "notNull" ? (check.columns.length === 1 ? "null" : `row with a null in ${check.columns.join(", ")}`) : check.kind === "acceptedValues" ? `value of ${check.column} outside the accepted values` : check.kind === "range" ? `value of ${check.column} out of range` : `value of ${check.column} not matching /${check.pattern}/`;
  return verdict(check, failing > 0, `${plural(failing, what, what === "null" ? "nulls" : what.replace(/^(row|value)/, "$1s"))} of ${plural(rows, "row")}`, { failing, rows }, sample);
}

function volumeAnomalyVerdict(check: Check<"volumeAnomaly">, rows: number, plan: AuditPlan, context: AuditContext): CheckVerdict {
  const weekday = (partitionOrDate: string | Date) => new Date(partitionOrDate).getUTCDay();
  const own = plan.timePartitioned ? weekday(context.partition.slice(0, 10)) : context.now.getUTCDay();
  const history = context.rowHistory.filter((h) => !check.sameWeekday || (plan.timePartitioned ? weekday(h.partition.slice(0, 10)) : h.publishedAt.getUTCDay()) === own).map((h) => h.rows);
  const scope = check.sameWeekday ? `${["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"][own]}` : plan.timePartitioned ? "partitions" : "runs";
  const result = volumeVerdict(rows, history, check, scope);
  return verdict(check, result.anomalous, result.message, result.metrics);
}

function freshnessVerdict(check: Check<"freshness">, newest: unknown, context: AuditContext): CheckVerdict {
  // The reference instant: the run's clock, or the end of the partition's window when that is earlier (backfills).
  const reference = context.windowEnd !== undefined && context.windowEnd < context.now ? context.windowEnd : context.now;
  const maxAge = parseDuration(check.maxAge) ?? 0;
  if (newest === null || newest === undefined) return verdict(check, true, `no ${check.column} values at all`, { ageMs: null });
  const age = reference.getTime() - Number(newest);
  return verdict(check, age > maxAge, `newest ${check.column} is ${formatAge(Math.max(0, age))} old (max ${check.maxAge})`, { ageMs: age, newest: new Date(Number(newest)).toISOString() });
}

function schemaVerdict(check: Pick<CheckSpec, "name" | "kind" | "severity" | "blocking"> & { allowUnexpected: boolean }, context: AuditContext): CheckVerdict {
  const { missing, unexpected } = context.drift;
  const counted = check.allowUnexpected ? [] : unexpected;
  const parts = [missing.length > 0 ? `missing ${missing.join(", ")}` : "", unexpected.length > 0 ? `unexpected ${unexpected.join(", ")}${check.allowUnexpected ? " (allowed)" : ""}` : ""].filter(Boolean);
  return verdict(check, missing.length + counted.length > 0, parts.length > 0 ? `schema drift: ${parts.join("; ")}` : "the data has exactly the declared columns", { missing: missing.length, unexpected: unexpected.length });
}

/**
 * A warning for landed files the source's pattern does not reach although they look like its
 * files (e.g. `orders/dt=2026-11-28/x.csv` for `orders/*.csv`): they were not loaded, and the
 * user should know — widen the pattern, or move them away.
 */
function unmatchedFilesVerdict(pattern: string, files: readonly string[]): CheckVerdict {
  const wider = pattern.includes("/") ? pattern.replace(/\/([^/]*)$/, "/**/$1") : `**/${pattern}`;
  const listed = files.slice(0, 5).join(", ") + (files.length > 5 ? ` and ${files.length - 5} more` : "");
  const message = `${plural(files.length, "landed file")} in a subfolder that the pattern "${pattern}" does not reach ${files.length === 1 ? "was" : "were"} not loaded: ${listed}. Use the pattern "${wider}" to load subfolders too, or move ${files.length === 1 ? "it" : "them"} out of the landing folder`;
  return verdict({ name: "unmatched_landing_files", kind: "schema", severity: "warn", blocking: false }, true, message, { files: files.length });
}

/** A warning that a snapshot lacks keys its previous snapshot held: rows deleted at the source, gone from this version too. */
function keysGoneVerdict(keys: number): CheckVerdict {
  const message = `rows deleted at the source: ${plural(keys, "key")} of the previous snapshot ${keys === 1 ? "is" : "are"} gone, and gone from this version too. Expected for erasures; a large number may mean a truncated table or a wrong query`;
  return verdict({ name: "deleted_at_source", kind: "schema", severity: "warn", blocking: false }, true, message, { keys });
}

/** The verdict of one planned check from the values it reads and its failing sample. */
function checkVerdict(planned: PlannedCheck, values: ResultRow, rows: number, sample: readonly ResultRow[], plan: AuditPlan, context: AuditContext): CheckVerdict {
  const check = planned.check;
  switch (check.kind) {
    case "notNull":
    case "acceptedValues":
    case "range":
    case "regex":
      return rowCheckVerdict(check, Number(values[planned.sample?.when ?? ""] ?? 0), rows, sample);
    case "unique": {
      const keys = Number(values.duplicated_keys ?? 0);
      const duplicatedRows = Number(values.duplicated_rows ?? 0);
      const columns = check.columns.join(", ");
      const message = keys > 0 ? `${plural(keys, "duplicated key")} (${plural(duplicatedRows, "row")}) of ${plural(rows, "row")} on ${columns}` : `${columns} unique across ${plural(rows, "row")}`;
      return verdict(check, keys > 0, message, { duplicatedKeys: keys, duplicatedRows, rows }, sample);
    }
    case "relationships": {
      const failing = Number(values.failing ?? 0);
      const message = failing > 0 ? `${plural(failing, "value")} of ${check.column} not found in ${check.to}.${check.toColumn}` : `every ${check.column} exists in ${check.to}.${check.toColumn}`;
      return verdict(check, failing > 0, message, { failing }, sample);
    }
    case "sql": {
      const failing = Number(values.failing ?? 0);
      return verdict(check, failing > 0, failing > 0 ? `returned ${plural(failing, "failing row")}` : "returned no failing rows", { failing }, sample);
    }
    case "rowCount": {
      const failed = (check.min !== undefined && rows < check.min) || (check.max !== undefined && rows > check.max);
      const bounds = [check.min === undefined ? "" : `at least ${formatCount(check.min)}`, check.max === undefined ? "" : `at most ${formatCount(check.max)}`].filter(Boolean).join(" and ");
      return verdict(check, failed, `${plural(rows, "row")}; expected ${bounds}`, { rows });
    }
    case "volumeAnomaly":
      return volumeAnomalyVerdict(check, rows, plan, context);
    case "freshness":
      return freshnessVerdict(check, values[planned.answer.kind === "scan" || planned.answer.kind === "statistics" ? (planned.answer.reads[0] ?? "") : ""], context);
    case "schema":
      return schemaVerdict(check, context);
    default:
      return assertNever(check);
  }
}

function readProfile(column: ProfiledColumn, scan: ResultRow, plan: AuditPlan): ColumnProfileReading {
  const get = (metric: keyof ProfiledColumn["metrics"]) => {
    const id = column.metrics[metric];
    return id === undefined ? undefined : scan[id];
  };
  const quantiles = get("quantiles");
  const sample = plan.profileScan;
  const sampled = sample !== undefined && sample.aggregates.some((a) => a.of.kind === "profile" && a.of.column === column.name);
  const distinct = num(get("distinct"));
  return {
    name: column.name,
    type: column.type,
    nulls: Number(get("nulls") ?? 0),
    distinct: sampled && distinct !== null && distinct * SAMPLED_ROWS_PER_DISTINCT > sample.sampledRows ? null : distinct,
    min: column.numeric ? num(get("min")) : ((get("min") as string | null | undefined) ?? null),
    max: column.numeric ? num(get("max")) : ((get("max") as string | null | undefined) ?? null),
    mean: num(get("mean")),
    stddev: num(get("stddev")),
    minLength: num(get("min_length")),
    maxLength: num(get("max_length")),
    quantiles: Array.isArray(quantiles) ? quantiles.map(Number) : null,
    ...(sampled ? { sampledRows: sample.sampledRows } : {}),
  };
}

/**
 * Turns what running `plan` returned into the audit's outcome: one verdict per declared check
 * (in declaration order), a schema-drift warning when there is drift and no schema check, a
 * warning for landed files the pattern misses, and the profile. One function for every
 * dialect, so an audit reads the same wherever it ran.
 */
export function readAudit(plan: AuditPlan, scanned: AuditResults, context: AuditContext): AuditReading {
  // What the statistics settled reads like the scan's aggregates.
  const results: AuditResults = { ...scanned, scan: { ...plan.known, ...scanned.scan, ...scanned.profileScan } };
  const rows = Number(results.scan[ROW_COUNT] ?? 0);
  const checks: CheckVerdict[] = plan.checks.map((planned) => {
    if (planned.answer.kind === "unanswerable") return errorVerdict(planned.check, planned.answer.message);
    const values = valuesOf(planned, results);
    if ("error" in values) return errorVerdict(planned.check, `could not be evaluated: ${values.error}`);
    const sample = results.samples.get(planned.check.name) ?? { ok: [] };
    if ("error" in sample) return errorVerdict(planned.check, `could not be evaluated: ${sample.error}`);
    return checkVerdict(planned, values.ok, rows, sample.ok, plan, context);
  });
  const drift = context.drift;
  if (!plan.checks.some((c) => c.check.kind === "schema") && drift.missing.length + drift.unexpected.length > 0) {
    checks.push(schemaVerdict({ name: "schema_drift", kind: "schema", severity: "warn", blocking: false, allowUnexpected: false }, context));
  }
  const unmatched = context.unmatchedLandingFiles ?? [];
  if (unmatched.length > 0) checks.push(unmatchedFilesVerdict(plan.landingPattern ?? "", unmatched));
  const keysGone = context.keysGoneAtSource ?? 0;
  if (keysGone > 0) checks.push(keysGoneVerdict(keysGone));
  return { rows, checks, profile: plan.profile.map((column) => readProfile(column, results.scan, plan)) };
}
