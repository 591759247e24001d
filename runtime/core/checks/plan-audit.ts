import { assertNever } from "../assert-never.ts";
import type { CheckSpec } from "../declare/check.ts";
import { LakeformError } from "../errors.ts";
import type { AssetNode } from "../graph/asset-node.ts";
import type { Dialect } from "../sql/dialect.ts";
import { renderSql, type RenderContext, type RenderedSql } from "../sql/render-sql.ts";
import { ROW_COUNT, type AuditPlan, type AuditStatement, type PlannedCheck, type ProfiledColumn, type ScanAggregate } from "./audit-plan.ts";
import { failingRowPredicate, isRowCheck } from "./failing-row-predicate.ts";
import { isNumericColumn, profileAggregates, type ProfileMetric } from "./profile-aggregates.ts";
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
}

type Check<K extends CheckSpec["kind"]> = Extract<CheckSpec, { kind: K }>;

const statement = (sql: string, params: StatementParams, inAssetTimeZone = false): AuditStatement =>
  Object.freeze({ sql, params: Object.freeze([...params.values]), ...(inAssetTimeZone ? { inAssetTimeZone } : {}) });

/** The first line of an error's message, without a trailing full stop. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0]?.trim() ?? message).replace(/\.+$/, "");
}

function uniqueCheck(check: Check<"unique">, input: AuditPlanInput): PlannedCheck {
  const id = (c: string) => input.dialect.quoteIdentifier(c);
  const keys = check.columns.map(id).join(", ");
  const notNull = check.columns.map((c) => `${id(c)} is not null`).join(" and ");
  const duplicates = `select ${keys}, count(*) as n from ${input.staged} where ${notNull} group by ${keys} having count(*) > 1`;
  const none = new StatementParams(input.dialect);
  const query = statement(`select count(*) as duplicated_keys, coalesce(sum(n), 0) as duplicated_rows from (${duplicates}) as duplicates`, none);
  const [only] = check.columns;
  const duplicated =
    check.columns.length === 1 && only !== undefined
      ? `${id(only)} in (select ${id(only)} from (${duplicates}) as duplicates)`
      : `exists (select 1 from (${duplicates}) as duplicates where ${check.columns.map((c) => `duplicates.${id(c)} = staged.${id(c)}`).join(" and ")})`;
  const sample = statement(`select * from ${input.staged} as staged where ${duplicated} limit ${SAMPLE_ROWS}`, none);
  return { check, answer: { kind: "query", query }, sample: { when: "duplicated_keys", query: sample } };
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

/**
 * Compiles `node`'s checks and profile into an {@link AuditPlan} for `input.dialect`: every
 * row-level check, the row count, freshness maxima and the profile fused into one aggregate
 * scan; one query per uniqueness key set, relationship and custom SQL check; schema and volume
 * checks answered without reading data. Pure: nothing runs.
 *
 * @example planAudit(graph.get("clean/orders"), { dialect: sparkDialect, staged: "`clean`.`orders__staged`", targets: new Map() })
 */
export function planAudit(node: AssetNode, input: AuditPlanInput): AuditPlan {
  const { dialect } = input;
  const scanParams = new StatementParams(dialect);
  const aggregates: ScanAggregate[] = [{ id: ROW_COUNT, sql: "count(*)", of: { kind: "rows" } }];
  const checks: PlannedCheck[] = node.checks.map((check, i): PlannedCheck => {
    const id = `c${i}`;
    if (isRowCheck(check)) {
      aggregates.push({ id, sql: dialect.countIf(failingRowPredicate(check, node.columns, dialect, scanParams)), of: { kind: "check", check: check.name } });
      const sampleParams = new StatementParams(dialect);
      const sample = statement(`select * from ${input.staged} as staged where ${failingRowPredicate(check, node.columns, dialect, sampleParams)} limit ${SAMPLE_ROWS}`, sampleParams);
      return { check, answer: { kind: "scan", reads: [id, ROW_COUNT] }, sample: { when: id, query: sample } };
    }
    switch (check.kind) {
      case "freshness":
        aggregates.push({ id, sql: dialect.epochMillis(`max(${dialect.quoteIdentifier(check.column)})`), of: { kind: "check", check: check.name } });
        return { check, answer: { kind: "scan", reads: [id] } };
      case "rowCount":
        return { check, answer: { kind: "scan", reads: [ROW_COUNT] } };
      case "volumeAnomaly":
        return { check, answer: { kind: "context", reads: [ROW_COUNT] } };
      case "schema":
        return { check, answer: { kind: "context", reads: [] } };
      case "unique":
        return uniqueCheck(check, input);
      case "relationships":
        return relationshipsCheck(check, input);
      case "sql":
        return customSqlCheck(check, node, input);
      default:
        return assertNever(check);
    }
  });
  const profile: ProfiledColumn[] = Object.entries(node.columns)
    .filter(([, column]) => column.pii?.treatment !== "drop")
    .map(([name, column], i) => {
      const metrics: Partial<Record<ProfileMetric, string>> = {};
      for (const a of profileAggregates(i, name, column, dialect)) {
        metrics[a.metric] = a.alias;
        aggregates.push({ id: a.alias, sql: a.sql, of: { kind: "profile", column: name, metric: a.metric } });
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
    checks,
    profile,
  });
}

/** Freezes the plan's own records (not the check specs it points to, which are frozen by the graph). */
function deepFreeze(plan: AuditPlan): AuditPlan {
  plan.scan.aggregates.forEach((a) => Object.freeze(a));
  Object.freeze(plan.scan.aggregates);
  Object.freeze(plan.scan);
  plan.checks.forEach((c) => {
    Object.freeze(c.answer);
    if (c.sample !== undefined) Object.freeze(c.sample);
    Object.freeze(c);
  });
  Object.freeze(plan.checks);
  Object.freeze(plan.profile);
  return Object.freeze(plan);
}
