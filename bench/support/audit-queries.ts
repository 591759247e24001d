import type { CheckSpec } from "lakeform";
import { failingRowPredicate as predicateIn, isRowCheck, type RowCheck } from "../../runtime/core/checks/failing-row-predicate.ts";
import { profileAggregates as profileAggregatesIn } from "../../runtime/core/checks/profile-aggregates.ts";
import { StatementParams } from "../../runtime/core/checks/statement-params.ts";
import { duckdbDialect } from "../../runtime/core/sql/dialects.ts";
import type { ColumnSpec } from "../../runtime/core/declare/column.ts";
import { renderAssetSql } from "../../runtime/engines/duckdb/materialize-sql.ts";
import { fileList, identifier } from "../../runtime/engines/duckdb/sql-literals.ts";
import { publishedColumns } from "../../runtime/engines/published-columns.ts";
import type { AssetNode } from "../../runtime/core/graph/asset-node.ts";
import type { SqlValue } from "../../runtime/core/declare/sql-template.ts";

/** The audit's SQL builders, in DuckDB's dialect (the audit plan renders DuckDB with them). */
class SqlParams extends StatementParams {
  constructor() {
    super(duckdbDialect);
  }
}
const failingRowPredicate = (check: RowCheck, columns: Readonly<Record<string, ColumnSpec>>, params: SqlParams) => predicateIn(check, columns, duckdbDialect, params);
const profileAggregates = (index: number, name: string, column: ColumnSpec) => profileAggregatesIn(index, name, column, duckdbDialect);

/** The view the audit reads staged data through (the same name and definition as `auditStaged`). */
const STAGED = "lf_staged";

/** A family of aggregates the breakdown leaves out, to see what each costs. */
export type AggregateFamily = "quantiles" | "distinct" | "regex" | "checks" | "profile";

/** A query with its bound parameters. */
export interface BoundQuery {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** The SQL the benchmark times: the fused audit's parts, a bare scan, and one query per check (dbt / Great Expectations style). */
export interface AuditQueries {
  readonly createView: string;
  /** Reads every column once: count, min and max of each — the floor of any audit. */
  readonly bareScan: string;
  /** The one aggregate scan of `auditStaged`, rebuilt from the runtime's own SQL builders. */
  readonly fusedScan: BoundQuery & { readonly aggregates: number };
  readonly profileAggregates: number;
  /** The fused scan's SQL reading `relation` instead of the view. */
  fusedScanOf(relation: string): string;
  /** The fused scan without the aggregates of the given families. */
  without(...families: readonly AggregateFamily[]): BoundQuery;
  /** `auditStaged`'s uniqueness query (the passing path: no sample). */
  readonly uniqueQuery: string;
  /** Each check as its own query over the data, as dbt tests and Great Expectations expectations run. */
  readonly perCheck: readonly (BoundQuery & { readonly check: string })[];
  /** The profile as one query per column, as Great Expectations' profiler runs it (one query per metric would be slower still). */
  readonly perColumnProfile: readonly BoundQuery[];
}

/** The families a check's fused aggregate belongs to; undefined when the check is not fused into the scan. */
function checkFamilies(check: CheckSpec): AggregateFamily[] | undefined {
  if (isRowCheck(check)) return check.kind === "regex" ? ["checks", "regex"] : ["checks"];
  return check.kind === "freshness" ? ["checks"] : undefined;
}

/** The check's aggregate in the fused scan, exactly as `auditStaged` writes it; undefined when it has none. */
function checkAggregate(check: CheckSpec, node: AssetNode, params: SqlParams): string | undefined {
  if (isRowCheck(check)) return duckdbDialect.countIf(failingRowPredicate(check, node.columns, params));
  return check.kind === "freshness" ? duckdbDialect.epochMillis(`max(${identifier(check.column)})`) : undefined;
}

function profileFamilies(alias: string): AggregateFamily[] {
  const families: AggregateFamily[] = ["profile"];
  if (alias.endsWith("_quantiles")) families.push("quantiles");
  if (alias.endsWith("_distinct")) families.push("distinct");
  return families;
}

/** The fused scan over `aggregates` (row count first), with parameters numbered afresh. */
function scanOf(node: AssetNode, keep: (families: readonly AggregateFamily[]) => boolean, relation = STAGED): BoundQuery & { aggregates: number } {
  const params = new SqlParams();
  const selected: string[] = ["count(*)"];
  for (const check of node.checks) {
    const families = checkFamilies(check);
    const aggregate = families !== undefined && keep(families) ? checkAggregate(check, node, params) : undefined;
    if (aggregate !== undefined) selected.push(aggregate);
  }
  publishedColumns(node.columns).forEach(([name, column], i) => {
    for (const a of profileAggregates(i, name, column)) if (keep(profileFamilies(a.alias))) selected.push(a.sql);
  });
  return { sql: `select ${selected.map((s, i) => `${s} as a${i}`).join(", ")} from ${relation}`, params: params.values, aggregates: selected.length };
}

function perCheckQuery(check: CheckSpec, node: AssetNode): BoundQuery | undefined {
  const params = new SqlParams();
  switch (check.kind) {
    case "notNull":
    case "acceptedValues":
    case "range":
    case "regex":
      return { sql: `select count(*) from ${STAGED} where ${failingRowPredicate(check, node.columns, params)}`, params: params.values };
    case "unique": {
      const keys = check.columns.map(identifier).join(", ");
      const notNull = check.columns.map((c) => `${identifier(c)} is not null`).join(" and ");
      return { sql: `select count(*) from (select ${keys} from ${STAGED} where ${notNull} group by ${keys} having count(*) > 1)`, params: [] };
    }
    case "rowCount":
    case "volumeAnomaly":
      return { sql: `select count(*) from ${STAGED}`, params: [] };
    case "freshness":
      return { sql: `select max(${identifier(check.column)}) from ${STAGED}`, params: [] };
    case "schema":
      return { sql: `describe select * from ${STAGED}`, params: [] };
    case "sql": {
      const rendered = renderAssetSql(check.query, { node, partition: "", window: undefined, inputs: new Map() }, STAGED);
      return { sql: `select count(*) from (\n${rendered.text}\n)`, params: rendered.params };
    }
    case "relationships":
      return undefined;
  }
}

/** `auditStaged`'s uniqueness query: duplicated keys and the rows they hold. */
function uniqueAuditQuery(columns: readonly string[]): string {
  const keys = columns.map(identifier).join(", ");
  const notNull = columns.map((c) => `${identifier(c)} is not null`).join(" and ");
  return `select count(*) as keys, coalesce(sum(n), 0) as rows from (select ${keys}, count(*) as n from ${STAGED} where ${notNull} group by ${keys} having count(*) > 1)`;
}

/** Builds the benchmark's queries for `node`'s checks and profile over the Parquet file at `file`. */
export function auditQueries(node: AssetNode, file: string): AuditQueries {
  const columns = publishedColumns(node.columns);
  const unique = node.checks.find((c) => c.kind === "unique");
  const fusedScan = scanOf(node, () => true);
  return {
    createView: `create or replace temp view ${STAGED} as select * from read_parquet(${fileList([file])}, union_by_name = true, hive_partitioning = false)`,
    bareScan: `select count(*), ${columns.map(([name]) => `count(${identifier(name)}), min(${identifier(name)}), max(${identifier(name)})`).join(", ")} from ${STAGED}`,
    fusedScan,
    profileAggregates: columns.reduce((sum, [name, column], i) => sum + profileAggregates(i, name, column).length, 0),
    fusedScanOf: (relation) => scanOf(node, () => true, relation).sql,
    without: (...left) => scanOf(node, (families) => !families.some((f) => left.includes(f))),
    uniqueQuery: unique?.kind === "unique" ? uniqueAuditQuery(unique.columns) : "select 1",
    perCheck: node.checks.flatMap((check) => {
      const query = perCheckQuery(check, node);
      return query === undefined ? [] : [{ ...query, check: check.name }];
    }),
    perColumnProfile: columns.map(([name, column], i) => ({ sql: `select ${profileAggregates(i, name, column).map((a) => a.sql).join(", ")} from ${STAGED}`, params: [] })),
  };
}
