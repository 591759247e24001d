import { assertNever } from "../assert-never.ts";
import type { CheckSpec } from "../declare/check.ts";
import type { ColumnSpec } from "../declare/column.ts";
import { LakeformError } from "../errors.ts";
import type { AssetNode } from "../graph/asset-node.ts";
import type { Dialect } from "../sql/dialect.ts";
import { renderSql, type RenderContext, type RenderedSql } from "../sql/render-sql.ts";
import { ROW_COUNT, type AuditPlan, type AuditStatement, type FailingSample, type PlannedCheck, type Precheck, type ProfiledColumn, type ScanAggregate } from "./audit-plan.ts";
import { failingRowPredicate, isRowCheck, type RowCheck } from "./failing-row-predicate.ts";
import { integerBound, SETTLED } from "./settle-statistics.ts";
import { isNumericColumn, profileAggregates, profiledColumns, type ProfileMetric } from "./profile-aggregates.ts";
import { StatementParams } from "./statement-params.ts";

/** Failing rows kept per failing check. */
export const SAMPLE_ROWS = 5;

/** Published data a check reads besides the staged data, as SQL of the plan's dialect. */
export interface AuditTarget {
  /** A table, or a parenthesised subquery. */
  readonly sql: string;
  /** True when the asset has never been materialised (no data files): `sql` is then an empty relation with its schema. */
  readonly empty: boolean;
}

/** Where the data is, in the dialect the plan is rendered for. */
export interface AuditPlanInput {
  readonly dialect: Dialect;
  /** The staged (not yet published) data: a table, or a parenthesised subquery. */
  readonly staged: string;
  /** Published targets of relationships checks and assets custom checks `ref()`, by key. */
  readonly targets: ReadonlyMap<string, AuditTarget>;
  /** Values of the partition macros of custom checks. */
  readonly macros?: RenderContext["macros"];
  /**
   * What the files' statistics settle (`settleFromStatistics`), when the engine read them:
   * checks and profile statistics they settled are answered from them, and only the rest is
   * planned for the scan. @default none: everything is planned for the scan
   */
  readonly statistics?: Readonly<Record<string, unknown>>;
  /**
   * A sample of the staged rows (a parenthesised subquery) and about how many rows it holds:
   * the profile's statistics that need the data are computed on it, not in the scan. For very
   * large partitions; checks always read every row. @default none
   */
  readonly profileSample?: { readonly relation: string; readonly rows: number };
}

/** The profile statistics a sample estimates (nulls, min and max are exact, from statistics or the scan). */
const SAMPLED_METRICS: ReadonlySet<ProfileMetric> = new Set(["distinct", "mean", "stddev", "quantiles", "min_length", "max_length"]);

/** Integer columns whose values span at most this many get a distinct count (low cardinality: it informs). */
export const LOW_CARDINALITY_SPAN = 65_536;

/**
 * Whether the profile counts `column`'s distinct values: where a count informs — strings,
 * booleans, integers of low cardinality (spanning at most {@link LOW_CARDINALITY_SPAN} values
 * by the statistics; every integer column without them) — not doubles, decimals, dates or
 * timestamps, whose distinct counts cost a hash per row and say little.
 */
function informsDistinct(column: ColumnSpec, min: unknown, max: unknown): boolean {
  const kind = column.type.kind;
  if (kind === "string" || kind === "boolean") return true;
  if (kind !== "int32" && kind !== "int64") return false;
  if (min === undefined || max === undefined) return true;
  return min === null || max === null || Number(max) - Number(min) < LOW_CARDINALITY_SPAN;
}

type Check<K extends CheckSpec["kind"]> = Extract<CheckSpec, { kind: K }>;

const statement = (sql: string, params: StatementParams, inAssetTimeZone = false): AuditStatement =>
  Object.freeze({ sql, params: Object.freeze([...params.values]), ...(inAssetTimeZone ? { inAssetTimeZone } : {}) });

/** The first line of an error's message, without a trailing full stop. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0]?.trim() ?? message).replace(/\.+$/, "");
}

/** Integer keys spanning at most this many values are checked for duplicates with a bitmap first (2^27 bits: 16 MiB). */
export const BITMAP_SPAN = 2 ** 27;

/** The exact bounds of an integer column from the statistics, when they are known and span at most {@link BITMAP_SPAN} values. */
function bitmapBounds(column: string, node: AssetNode, statistics: AuditPlanInput["statistics"]): { lo: string; hi: string } | undefined {
  if (statistics === undefined) return undefined;
  const index = profiledColumns(node.columns).findIndex(([name]) => name === column);
  const kind = node.columns[column]?.type.kind;
  if (index < 0 || (kind !== "int32" && kind !== "int64")) return undefined;
  const [lo, hi] = [statistics[integerBound(index, "lo")], statistics[integerBound(index, "hi")]].map((v) => (typeof v === "string" && /^-?\d+$/.test(v) ? BigInt(v) : undefined));
  if (lo === undefined || hi === undefined || hi - lo >= BigInt(BITMAP_SPAN)) return undefined;
  return { lo: lo.toString(), hi: hi.toString() };
}

function uniqueCheck(check: Check<"unique">, node: AssetNode, input: AuditPlanInput, id_: string, aggregates: ScanAggregate[]): PlannedCheck {
  const id = (c: string) => input.dialect.quoteIdentifier(c);
  const keys = check.columns.map(id).join(", ");
  const notNull = check.columns.map((c) => `${id(c)} is not null`).join(" and ");
  const duplicates = `select ${keys}, count(*) as n from ${input.staged} where ${notNull} group by ${keys} having count(*) > 1`;
  const none = new StatementParams(input.dialect);
  const [only] = check.columns;
  const single = check.columns.length === 1 && only !== undefined ? only : undefined;
  // With statistics (one pass planned per need), a single key's sample is the rows of its smallest duplicated key, bound from the query's row: no second GROUP BY.
  const keyed = input.statistics !== undefined && single !== undefined;
  const firstDuplicate = keyed ? `, min(${id(single)}) as first_duplicate` : "";
  const query = statement(`select count(*) as duplicated_keys, coalesce(sum(n), 0) as duplicated_rows${firstDuplicate} from (${duplicates}) as duplicates`, none);
  const duplicated =
    single !== undefined
      ? `${id(single)} in (select ${id(single)} from (${duplicates}) as duplicates)`
      : `exists (select 1 from (${duplicates}) as duplicates where ${check.columns.map((c) => `duplicates.${id(c)} = staged.${id(c)}`).join(" and ")})`;
  const sample: FailingSample = keyed
    ? { when: "duplicated_keys", query: statement(`select * from ${input.staged} as staged where ${id(single)} = ${input.dialect.parameter(0)} limit ${SAMPLE_ROWS}`, none), bindFrom: "first_duplicate" }
    : { when: "duplicated_keys", query: statement(`select * from ${input.staged} as staged where ${duplicated} limit ${SAMPLE_ROWS}`, none) };
  const bounds = single === undefined ? undefined : bitmapBounds(single, node, input.statistics);
  const distinct = bounds === undefined || single === undefined ? undefined : input.dialect.distinctIntegersBetween?.(id(single), bounds.lo, bounds.hi);
  let precheck: Precheck | undefined;
  if (distinct !== undefined) {
    // In the scan: rows beyond one per key; none, and the GROUP BY is not run.
    aggregates.push({ id: id_, sql: `count(${id(single ?? "")}) - ${distinct}`, of: { kind: "precheck", check: check.name } });
    precheck = { when: id_, passing: { duplicated_keys: 0, duplicated_rows: 0 } };
  }
  return { check, answer: { kind: "query", query }, sample, ...(precheck === undefined ? {} : { precheck }) };
}

function relationshipsCheck(check: Check<"relationships">, input: AuditPlanInput): PlannedCheck {
  const target = input.targets.get(check.to);
  if (target === undefined || target.empty) return { check, answer: { kind: "unanswerable", message: `"${check.to}" has never been materialised, so "${check.column}" cannot be checked against it` } };
  const column = input.dialect.quoteIdentifier(check.column);
  const orphan = `select s.* from ${input.staged} as s where s.${column} is not null and not exists (select 1 from ${target.sql} as t where t.${input.dialect.quoteIdentifier(check.toColumn)} = s.${column})`;
  const none = new StatementParams(input.dialect);
  return {
    check,
    answer: { kind: "query", query: statement(`select count(*) as failing from (${orphan}) as orphans`, none) },
    sample: { when: "failing", query: statement(`${orphan} limit ${SAMPLE_ROWS}`, none) },
  };
}

/** A `c.sql` check: its SQL rendered like the asset's own (refs to published data, macros bound), run in the partitions' time zone. */
function customSqlCheck(check: Check<"sql">, node: AssetNode, input: AuditPlanInput): PlannedCheck {
  let rendered: RenderedSql;
  try {
    rendered = renderSql(check.query, {
      dialect: input.dialect,
      ref: (ref) => {
        const target = input.targets.get(ref.key);
        if (target === undefined) throw new LakeformError(`Asset "${node.key}": "${ref.key}" is not among the inputs prepared for it. Fix: declare the dependency with ref().`);
        return target.sql;
      },
      ...(input.macros === undefined ? {} : { macros: input.macros }),
      self: input.staged,
    });
  } catch (error) {
    return { check, answer: { kind: "unanswerable", message: `could not be evaluated: ${reasonOf(error)}` } };
  }
  const params = new StatementParams(input.dialect);
  params.values.push(...rendered.params);
  return {
    check,
    answer: { kind: "query", query: statement(`select count(*) as failing from (\n${rendered.text}\n) as failing_rows`, params, true) },
    sample: { when: "failing", query: statement(`select * from (\n${rendered.text}\n) as failing_rows limit ${SAMPLE_ROWS}`, params, true) },
  };
}

/** A count of failing rows by a query of its own: a filter the engine pushes into the scan, so files or row groups whose statistics clear it are skipped. */
function targetedCount(check: RowCheck, node: AssetNode, input: AuditPlanInput): AuditStatement {
  const params = new StatementParams(input.dialect);
  return statement(`select count(*) as failing from ${input.staged} as staged where ${failingRowPredicate(check, node.columns, input.dialect, params)}`, params);
}

/**
 * Compiles `node`'s checks and profile into an {@link AuditPlan} for `input.dialect`. Without
 * `input.statistics`: every row-level check, the row count, freshness maxima and the profile
 * fused into one aggregate scan. With them, what they settled is answered from them (the row
 * count, null counts, in-range bounds, single accepted values, the newest value, profile
 * nulls/min/max) and only the rest is planned: accepted values they cannot settle by a
 * targeted query (dictionary-encoded columns answer it without decoding), other row checks and
 * the remaining profile statistics in the scan (none left: no scan). Either way: one query per
 * uniqueness key set, relationship and custom SQL check; schema and volume checks answered
 * without reading data. Pure: nothing runs.
 *
 * @example planAudit(graph.get("clean/orders"), { dialect: sparkDialect, staged: "`clean`.`orders__staged`", targets: new Map() })
 */
export function planAudit(node: AssetNode, input: AuditPlanInput): AuditPlan {
  const { dialect, statistics } = input;
  const scanParams = new StatementParams(dialect);
  const known: Record<string, unknown> = {};
  const settled = (id: string) => statistics !== undefined && statistics[`${id}${SETTLED}`] === true;
  const aggregates: ScanAggregate[] = [];
  const sampled: ScanAggregate[] = [];
  if (statistics === undefined) aggregates.push({ id: ROW_COUNT, sql: "count(*)", of: { kind: "rows" } });
  else known[ROW_COUNT] = statistics[ROW_COUNT];
  const fromStatistics = (id: string, reads: readonly string[]): PlannedCheck["answer"] => {
    for (const read of reads) known[read] = statistics?.[read];
    return { kind: "statistics", reads };
  };
  const checks: PlannedCheck[] = node.checks.map((check, i): PlannedCheck => {
    const id = `c${i}`;
    if (isRowCheck(check)) {
      const sampleParams = new StatementParams(dialect);
      const sample = statement(`select * from ${input.staged} as staged where ${failingRowPredicate(check, node.columns, dialect, sampleParams)} limit ${SAMPLE_ROWS}`, sampleParams);
      if (settled(id)) return { check, answer: fromStatistics(id, [id, ROW_COUNT]), sample: { when: id, query: sample } };
      if (statistics !== undefined && check.kind === "acceptedValues") return { check, answer: { kind: "query", query: targetedCount(check, node, input) }, sample: { when: "failing", query: sample } };
      aggregates.push({ id, sql: dialect.countIf(failingRowPredicate(check, node.columns, dialect, scanParams)), of: { kind: "check", check: check.name } });
      return { check, answer: { kind: "scan", reads: [id, ROW_COUNT] }, sample: { when: id, query: sample } };
    }
    switch (check.kind) {
      case "freshness":
        if (settled(id)) return { check, answer: fromStatistics(id, [id]) };
        aggregates.push({ id, sql: dialect.epochMillis(`max(${dialect.quoteIdentifier(check.column)})`), of: { kind: "check", check: check.name } });
        return { check, answer: { kind: "scan", reads: [id] } };
      case "rowCount":
        return { check, answer: statistics === undefined ? { kind: "scan", reads: [ROW_COUNT] } : fromStatistics(id, [ROW_COUNT]) };
      case "volumeAnomaly":
        return { check, answer: { kind: "context", reads: [ROW_COUNT] } };
      case "schema":
        return { check, answer: { kind: "context", reads: [] } };
      case "unique":
        return uniqueCheck(check, node, input, id, aggregates);
      case "relationships":
        return relationshipsCheck(check, input);
      case "sql":
        return customSqlCheck(check, node, input);
      default:
        return assertNever(check);
    }
  });
  const profile: ProfiledColumn[] = profiledColumns(node.columns).map(([name, column], i) => {
    const metrics: Partial<Record<ProfileMetric, string>> = {};
    const bound = (metric: "min" | "max") => (statistics === undefined ? undefined : settled(`p${i}_${metric}`) ? statistics[`p${i}_${metric}`] : null);
    const distinct = informsDistinct(column, bound("min"), bound("max"));
    for (const a of profileAggregates(i, name, column, dialect, { distinct })) {
      metrics[a.metric] = a.alias;
      const aggregate: ScanAggregate = { id: a.alias, sql: a.sql, of: { kind: "profile", column: name, metric: a.metric } };
      if (settled(a.alias)) known[a.alias] = statistics?.[a.alias];
      else if (input.profileSample !== undefined && SAMPLED_METRICS.has(a.metric)) sampled.push(aggregate);
      else aggregates.push(aggregate);
    }
    const type = column.type.kind === "decimal" ? `decimal(${column.type.precision},${column.type.scale})` : column.type.kind;
    return Object.freeze({ name, type, numeric: isNumericColumn(column), metrics: Object.freeze(metrics) });
  });
  const scanSql = `select\n  ${aggregates.map((a) => `${a.sql} as ${a.id}`).join(",\n  ")}\nfrom ${input.staged} as staged`;
  return deepFreeze({
    asset: node.key,
    dialect: dialect.name,
    timePartitioned: node.partitions?.kind === "time",
    ...(node.compute.kind === "ingest" && node.compute.from.kind === "fileDrop" ? { landingPattern: node.compute.from.pattern } : {}),
    scan: { ...statement(scanSql, scanParams), aggregates },
    ...(input.profileSample === undefined || sampled.length === 0
      ? {}
      : { profileScan: { ...statement(`select\n  ${sampled.map((a) => `${a.sql} as ${a.id}`).join(",\n  ")}\nfrom ${input.profileSample.relation} as sampled`, new StatementParams(dialect)), aggregates: sampled, sampledRows: input.profileSample.rows } }),
    known: Object.freeze(known),
    checks,
    profile,
  });
}

/** Freezes the plan's own records (not the check specs it points to, which are frozen by the graph). */
function deepFreeze(plan: AuditPlan): AuditPlan {
  plan.scan.aggregates.forEach((a) => Object.freeze(a));
  plan.profileScan?.aggregates.forEach((a) => Object.freeze(a));
  Object.freeze(plan.scan.aggregates);
  Object.freeze(plan.scan);
  plan.checks.forEach((c) => {
    Object.freeze(c.answer);
    if (c.precheck !== undefined) Object.freeze(c.precheck);
    if (c.sample !== undefined) Object.freeze(c.sample);
    Object.freeze(c);
  });
  Object.freeze(plan.checks);
  Object.freeze(plan.profile);
  return Object.freeze(plan);
}
