import type { CheckSpec } from "../declare/check.ts";
import type { SqlValue } from "../declare/sql-template.ts";
import type { DialectName } from "../sql/dialect.ts";
import type { ProfileMetric } from "./profile-aggregates.ts";

/** One SQL statement of an audit, in the plan's dialect, with its parameters in placeholder order. */
export interface AuditStatement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /**
   * Run in the time zone of the asset's partitions (as its own SQL runs), not the engine's:
   * custom `c.sql` checks. @default false
   */
  readonly inAssetTimeZone?: boolean;
}

/** An aggregate of the fused scan: its SQL and the column it is read back by. */
export interface ScanAggregate {
  readonly id: string;
  readonly sql: string;
  /** What it measures: the row count, a check's metric, or a profile statistic. */
  readonly of: { readonly kind: "rows" } | { readonly kind: "check"; readonly check: string } | { readonly kind: "precheck"; readonly check: string } | { readonly kind: "profile"; readonly column: string; readonly metric: ProfileMetric };
}

/** The id of the row count in the fused scan's result. */
export const ROW_COUNT = "row_count";

/**
 * How a check is answered, cheapest first:
 * - `context`: without reading the data (schema drift, row-count history, with the scan's row count);
 * - `statistics`: from what the files' statistics settled (`reads` names values of `known`):
 *   null counts, bounds inside a range, the newest value, the row count;
 * - `scan`: from aggregates of the one fused scan (`reads` names them);
 * - `query`: by a query of its own (uniqueness GROUP BY, relationship anti-join, custom SQL),
 *   whose one result row holds the metrics;
 * - `unanswerable`: it cannot be evaluated (a relationship to an asset never materialised, a
 *   custom SQL that does not render), with the message it reports.
 */
export type CheckAnswer =
  | { readonly kind: "context"; readonly reads: readonly string[] }
  | { readonly kind: "statistics"; readonly reads: readonly string[] }
  | { readonly kind: "scan"; readonly reads: readonly string[] }
  | { readonly kind: "query"; readonly query: AuditStatement }
  | { readonly kind: "unanswerable"; readonly message: string };

/** A sample of failing rows, fetched only when the check's metric `when` is above zero. */
export interface FailingSample {
  readonly when: string;
  /** With `bindFrom`, its last parameter is bound at run time to that value of the check's own query row (e.g. the first duplicated key). */
  readonly query: AuditStatement;
  readonly bindFrom?: string;
}

/**
 * A cheaper aggregate of the scan, read before a check's own query: when its value `when` is
 * zero, the check passes with the values `passing` and its own query is not run (e.g. a bitmap
 * of integer keys finding no duplicate before a GROUP BY would count them).
 */
export interface Precheck {
  /** The id of the scan aggregate. */
  readonly when: string;
  readonly passing: Readonly<Record<string, number>>;
}

/** One declared check, and how it is answered. */
export interface PlannedCheck {
  readonly check: CheckSpec;
  readonly answer: CheckAnswer;
  readonly sample?: FailingSample;
  readonly precheck?: Precheck;
}

/** A profiled column: its declared type and where each statistic is read from in the scan. */
export interface ProfiledColumn {
  readonly name: string;
  /** e.g. `decimal(12,2)`. */
  readonly type: string;
  readonly numeric: boolean;
  readonly metrics: Readonly<Partial<Record<ProfileMetric, string>>>;
}

/**
 * A node's checks and profile, compiled for one SQL dialect: plain, frozen data built without
 * side effects. An engine runs `scan` once (row count, every fused check, the whole profile),
 * each check's own query, and the failing samples asked for; {@link readAudit} turns the
 * results into outcomes — the same function for every dialect, so messages are identical.
 */
export interface AuditPlan {
  readonly asset: string;
  readonly dialect: DialectName;
  /** Whether the asset is partitioned by time (volume anomalies then compare partitions' weekdays). */
  readonly timePartitioned: boolean;
  /** For sources: the landing pattern, named when landed files it does not reach are reported. */
  readonly landingPattern?: string;
  /** The one aggregate scan; with no aggregates, there is nothing to scan (statistics settled it all). */
  readonly scan: AuditStatement & { readonly aggregates: readonly ScanAggregate[] };
  /**
   * The profile's statistics that need the data (distinct counts, moments, quantiles, lengths)
   * computed on a sample of about `sampledRows` rows instead of in the scan, for very large
   * partitions (checks are never sampled). @default none: the scan computes them
   */
  readonly profileScan?: AuditStatement & { readonly aggregates: readonly ScanAggregate[]; readonly sampledRows: number };
  /** Values settled by the files' statistics, by the ids the scan would have used (row count, checks' metrics, profile statistics). */
  readonly known: Readonly<Record<string, unknown>>;
  readonly checks: readonly PlannedCheck[];
  readonly profile: readonly ProfiledColumn[];
}

/** Every statement the plan may run, in order: the scan, then each check's own query and sample. */
export function auditStatements(plan: AuditPlan): { readonly name: string; readonly statement: AuditStatement }[] {
  const statements = plan.scan.aggregates.length === 0 ? [] : [{ name: "scan", statement: plan.scan as AuditStatement }];
  if (plan.profileScan !== undefined) statements.push({ name: "profile sample", statement: plan.profileScan });
  for (const planned of plan.checks) {
    if (planned.answer.kind === "query") statements.push({ name: `${planned.check.name}: query`, statement: planned.answer.query });
    if (planned.sample !== undefined) statements.push({ name: `${planned.check.name}: failing sample`, statement: planned.sample.query });
  }
  return statements;
}
