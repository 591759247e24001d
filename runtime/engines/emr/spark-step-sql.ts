import type { AuditPlan, AuditStatement, PlannedCheck } from "../../core/checks/audit-plan.ts";
import { planAudit, SAMPLE_ROWS, type AuditTarget } from "../../core/checks/plan-audit.ts";
import type { ColumnSpec } from "../../core/declare/column.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import type { Problem } from "../../core/problem.ts";
import { sparkDialect } from "../../core/sql/dialects.ts";
import { sparkLiteral } from "../../core/sql/spark-literal.ts";
import { renderForTarget } from "../../transpile/render-for-target.ts";
import { sparkInputView } from "../../transpile/target-names.ts";
import type { InputRelation, PartitionTarget } from "../engine.ts";
import { macroValues } from "../../core/partitions/partition-macros.ts";
import { publishedColumns } from "../published-columns.ts";
import { auditFolder } from "./audit-folder.ts";
import { inlineSparkParams } from "./spark-params.ts";

const q = (name: string) => sparkDialect.quoteIdentifier(name);
const LOAD_METADATA: readonly [string, string][] = [["_loaded_at", "TIMESTAMP"], ["_source_file", "STRING"], ["_batch_id", "STRING"]];

function uriOf(location: PartitionTarget["output"]): string {
  if (location.kind !== "files") throw new Error(`EMR reads and writes files on S3, not warehouse tables (${location.table}).`);
  return location.uri;
}

function columnsOf(relation: { readonly columns: Readonly<Record<string, ColumnSpec>>; readonly hasLoadMetadata?: boolean }): [string, string][] {
  const declared = publishedColumns(relation.columns).map(([name, spec]): [string, string] => [name, sparkDialect.columnType(spec.type)]);
  return relation.hasLoadMetadata === true ? [...declared, ...LOAD_METADATA] : declared;
}

/** A view over a parent's published files (one SELECT per version folder or file, unioned), or an empty relation with its schema. */
function relationView(view: string, relation: InputRelation): string {
  const columns = columnsOf(relation);
  const list = columns.map(([name]) => q(name)).join(", ");
  const selects = relation.files.map((file) => `SELECT ${list} FROM parquet.${q(uriOf(file))}`);
  const body = selects.length > 0 ? selects.join("\nUNION ALL\n") : `SELECT ${columns.map(([name, type]) => `CAST(NULL AS ${type}) AS ${q(name)}`).join(", ")} WHERE FALSE`;
  return `CREATE OR REPLACE TEMPORARY VIEW ${view} AS\n${body};`;
}

const targetView = (key: string) => q(`lf_target_${key.replace(/\//g, "__")}`);

/** `INSERT OVERWRITE DIRECTORY` of a query's rows as JSON lines (nulls kept) into an artifacts folder. */
function jsonTo(uri: string, sql: string): string {
  return `INSERT OVERWRITE DIRECTORY ${sparkLiteral(uri)} USING json OPTIONS (ignoreNullFields 'false')\n${sql};`;
}

/** The Spark session zone the asset's own SQL runs in: its time partitions' zone, else UTC. */
const zoneOf = (node: AssetNode) => (node.partitions?.kind === "time" ? node.partitions.timezone : "UTC");

const inline = (statement: AuditStatement) => inlineSparkParams(statement.sql, statement.params);

/** What a step needs to know about one partition to compute and audit it. */
export interface StepPartition extends PartitionTarget {
  /** Published targets of relationships and custom checks, by key. */
  readonly targets: ReadonlyMap<string, InputRelation>;
}

/** The step's script, the audit plan of each partition (stored beside its results), and what keeps it from running. */
export interface SparkStep {
  readonly sql: string;
  readonly audits: readonly { readonly partition: string; readonly folder: string; readonly plan: AuditPlan }[];
  readonly problems: readonly Problem[];
}

async function customChecksForSpark(plan: AuditPlan, node: AssetNode, macros: ReturnType<typeof macroValues>): Promise<{ plan: AuditPlan; problems: Problem[] }> {
  const problems: Problem[] = [];
  const checks: PlannedCheck[] = [];
  for (const planned of plan.checks) {
    const check = planned.check;
    if (check.kind !== "sql") {
      checks.push(planned);
      continue;
    }
    // Custom checks are DuckDB SQL written by people: transpiled like the asset's own SQL.
    const rendered = await renderForTarget(check.query, { target: "spark", ref: (ref) => targetView(ref.key), macros, self: "lf_staged", sessionTimeZone: zoneOf(node) }, { asset: node.key, check: check.name });
    problems.push(...rendered.problems);
    checks.push({
      check,
      answer: { kind: "query", query: { sql: `select count(*) as failing from (\n${rendered.text}\n) as failing_rows`, params: [], inAssetTimeZone: true } },
      sample: { when: "failing", query: { sql: `select * from (\n${rendered.text}\n) as failing_rows limit ${SAMPLE_ROWS}`, params: [], inAssetTimeZone: true } },
    });
  }
  return { plan: Object.freeze({ ...plan, checks: Object.freeze(checks) }), problems };
}

/**
 * The Spark SQL script of one EMR step computing and auditing `partitions` of `node`, run by
 * `spark-sql -f`: ANSI mode (a value that does not fit its type fails, never silently wraps);
 * per partition, temporary views over the parents' published versions, the asset's SQL
 * (transpiled from DuckDB's dialect, or its `sql.for({ spark })` override) computed once into a
 * cached table, the columns it returns written to the audit folder (`columns/`, for schema
 * drift), its rows written with `INSERT OVERWRITE DIRECTORY` into the new version's folder —
 * overwriting makes a retried step idempotent — then the audit plan rendered in Spark SQL over the written files, its results
 * written as JSON to the partition's audit folder in the artifacts bucket (never under a data
 * prefix readers scan). Values are inlined as literals ({@link inlineSparkParams}).
 */
export async function sparkStep(node: AssetNode, partitions: readonly StepPartition[], artifactsUri: (key: string) => string): Promise<SparkStep> {
  if (node.compute.kind !== "sql") throw new Error(`Asset "${node.key}": EMR runs SQL assets from this step; its compute is ${node.compute.kind}. Fix: declare it with sql\`…\`, or run it on DuckDB (engine: "duckdb").`);
  const template = node.compute;
  const zone = zoneOf(node);
  const columns = columnsOf({ columns: node.columns });
  const lines = [`-- Lakeform: ${node.key}, ${partitions.length} partition(s). Generated; do not edit.`, "SET spark.sql.ansi.enabled = true;", "SET spark.sql.storeAssignmentPolicy = ANSI;"];
  const problems: Problem[] = [];
  const audits: SparkStep["audits"][number][] = [];
  for (const target of partitions) {
    const output = uriOf(target.output);
    const macros = macroValues({ node, partition: target.partition, window: target.window });
    const rendered = await renderForTarget(template, { target: "spark", ref: (ref) => sparkInputView(ref.key), macros, sessionTimeZone: zone }, { asset: node.key });
    problems.push(...rendered.problems);
    lines.push("", `-- partition ${target.partition === "" ? "(unpartitioned)" : target.partition}`, `SET spark.sql.session.timeZone = ${zone};`);
    for (const [key, input] of target.inputs) lines.push(relationView(sparkInputView(key), input));
    const folder = auditFolder(output);
    // Computed once (cached), then: the columns it returns, as one JSON row (nulls kept, so every
    // column shows even when the result is empty), for schema drift; the rows, cast to the declaration.
    lines.push(
      `CACHE TABLE lf_result AS\n${rendered.text};`,
      jsonTo(artifactsUri(`${folder}columns/`), "SELECT lf_shape.* FROM (SELECT 1 AS lf_anchor) AS lf_anchor LEFT JOIN (SELECT * FROM lf_result LIMIT 1) AS lf_shape ON TRUE"),
      `INSERT OVERWRITE DIRECTORY ${sparkLiteral(output)} USING parquet\nSELECT ${columns.map(([name, type]) => `CAST(${q(name)} AS ${type}) AS ${q(name)}`).join(", ")}\nFROM lf_result;`,
      "UNCACHE TABLE lf_result;",
    );

    for (const [key, input] of target.targets) lines.push(relationView(targetView(key), input));
    lines.push(`CREATE OR REPLACE TEMPORARY VIEW lf_staged AS SELECT * FROM parquet.${q(output)};`);
    const targets = new Map<string, AuditTarget>([...target.targets].map(([key, input]) => [key, { sql: targetView(key), empty: input.files.length === 0 }]));
    const custom = await customChecksForSpark(planAudit(node, { dialect: sparkDialect, staged: "lf_staged", targets, macros }), node, macros);
    problems.push(...custom.problems);
    const plan = custom.plan;
    audits.push({ partition: target.partition, folder, plan });
    lines.push("SET spark.sql.session.timeZone = UTC;", jsonTo(artifactsUri(`${folder}rows/`), "SELECT count(*) AS rows FROM lf_staged"), jsonTo(artifactsUri(`${folder}scan/`), inline(plan.scan)));
    plan.checks.forEach((planned, i) => {
      const inZone = (statement: AuditStatement, sql: string) => (statement.inAssetTimeZone === true ? [`SET spark.sql.session.timeZone = ${zone};`, sql, "SET spark.sql.session.timeZone = UTC;"] : [sql]);
      if (planned.answer.kind === "query") lines.push(...inZone(planned.answer.query, jsonTo(artifactsUri(`${folder}q${i}/`), inline(planned.answer.query))));
      // Samples are written whatever the verdict (the cluster is gone when the runtime reads it); `readAudit` uses those of failing checks only.
      if (planned.sample !== undefined) lines.push(...inZone(planned.sample.query, jsonTo(artifactsUri(`${folder}s${i}/`), inline(planned.sample.query))));
    });
  }
  return { sql: `${lines.join("\n")}\n`, audits, problems };
}
