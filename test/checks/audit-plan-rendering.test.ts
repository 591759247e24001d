// The audit plan of an asset declaring every kind of check, rendered for Spark SQL and
// BigQuery: every statement locked in a snapshot file (reviewed like code), parsed by a grammar
// of its dialect, and the functions each dialect spells differently checked by kind.
import { SparkSQL } from "dt-sql-parser/dist/parser/spark/index.js";
import bigquery from "node-sql-parser/build/bigquery.js";
import { describe, expect, it } from "vitest";
import { auditStatements, type AuditPlan } from "../../runtime/core/checks/audit-plan.ts";
import { planAudit } from "../../runtime/core/checks/plan-audit.ts";
import type { Dialect } from "../../runtime/core/sql/dialect.ts";
import { bigqueryDialect, duckdbDialect, sparkDialect } from "../../runtime/core/sql/dialects.ts";
import { graph, orders } from "./all-check-kinds.ts";

/** The plan of the orders asset for `dialect`, its staged data and the customers table named as that dialect names tables. */
function plan(dialect: Dialect): AuditPlan {
  return planAudit(graph.get(orders.key), {
    dialect,
    staged: dialect.tableName("staging/clean__orders__v42", { project: "lake-prod" }),
    targets: new Map([["clean/customers", { sql: dialect.tableName("clean/customers", { project: "lake-prod" }), empty: false }]]),
    macros: { partitionKey: "2024-03-01", partitionStart: new Date("2024-02-29T15:00:00Z"), partitionEnd: new Date("2024-03-01T15:00:00Z") },
  });
}

/** Every statement of a plan as one reviewable SQL file: name, parameters, text. */
function rendered(p: AuditPlan): string {
  return auditStatements(p)
    .map(({ name, statement }) => `-- ${name}${statement.inAssetTimeZone === true ? " (in the partitions' time zone)" : ""}\n-- params: ${JSON.stringify(statement.params)}\n${statement.sql};\n`)
    .join("\n");
}

const spark = plan(sparkDialect);
const bq = plan(bigqueryDialect);
const sqlOf = (p: AuditPlan, name: string) => auditStatements(p).find((s) => s.name === name)?.statement.sql ?? "";

describe("audit plans render for Spark SQL and BigQuery", () => {
  it("locks the Spark SQL rendering of every check kind and the profile", async () => {
    await expect(rendered(spark)).toMatchFileSnapshot("./__snapshots__/audit-plan.spark.sql");
  });

  it("locks the BigQuery rendering of every check kind and the profile", async () => {
    await expect(rendered(bq)).toMatchFileSnapshot("./__snapshots__/audit-plan.bigquery.sql");
  });

  it("writes every Spark statement so that Spark's grammar parses it, named parameters included", () => {
    const parser = new SparkSQL();
    const errors = auditStatements(spark).flatMap(({ name, statement }) => parser.validate(statement.sql).map((e) => `${name}: ${e.message} at ${e.startLine}:${e.startColumn}`));
    expect(errors).toEqual([]);
    expect(auditStatements(spark)).toHaveLength(16);
  });

  it("writes every BigQuery statement so that a BigQuery grammar parses it, named parameters included", () => {
    const parser = new bigquery.Parser();
    const errors: string[] = [];
    for (const { name, statement } of auditStatements(bq)) {
      try {
        parser.astify(statement.sql, { database: "bigquery" });
      } catch (error) {
        errors.push(`${name}: ${String(error).slice(0, 300)}`);
      }
    }
    expect(errors).toEqual([]);
    expect(auditStatements(bq)).toHaveLength(16);
  });

  it("the grammars do reject what their dialect cannot run (the parse checks can fail)", () => {
    expect(new SparkSQL().validate("select count(*) filter (where `a` is null) from t qualify row_number() over (order by a) = 1")).not.toEqual([]);
    expect(() => new bigquery.Parser().astify("select (`a`, `b`) in (select (`a`, `b`) from t) from t", { database: "bigquery" })).toThrow();
  });

  it("spells each audit function in the dialect's own way", () => {
    const scan = { duckdb: plan(duckdbDialect).scan.sql, spark: spark.scan.sql, bigquery: bq.scan.sql };
    expect(scan.duckdb).toContain(`count(*) filter (where "order_id" is null) as c0`);
    expect(scan.spark).toContain("count_if(`order_id` is null) as c0");
    expect(scan.bigquery).toContain("COUNTIF(`order_id` is null) as c0");
    expect(scan.duckdb).toContain(`not regexp_matches("email", $8)`);
    expect(scan.spark).toContain("not (`email` rlike :p7)");
    expect(scan.bigquery).toContain("not REGEXP_CONTAINS(`email`, @p7)");
    expect(scan.duckdb).toContain(`epoch_ms(cast(max("created_at") as TIMESTAMPTZ)) as c12`);
    expect(scan.spark).toContain("unix_millis(cast(max(`created_at`) as TIMESTAMP)) as c12");
    expect(scan.bigquery).toContain("UNIX_MILLIS(cast(max(`created_at`) as TIMESTAMP)) as c12");
    expect(scan.duckdb).toContain(`reservoir_quantile(cast("amount" as DOUBLE), [0.25, 0.5, 0.75]) as p5_quantiles`);
    expect(scan.spark).toContain("percentile_approx(cast(`amount` as DOUBLE), array(0.25, 0.5, 0.75)) as p5_quantiles");
    expect(scan.bigquery).toContain("[APPROX_QUANTILES(cast(`amount` as FLOAT64), 4)[OFFSET(1)], APPROX_QUANTILES(cast(`amount` as FLOAT64), 4)[OFFSET(2)], APPROX_QUANTILES(cast(`amount` as FLOAT64), 4)[OFFSET(3)]] as p5_quantiles");
    expect(scan.spark).toContain("approx_count_distinct(`email`) as p4_distinct");
    expect(scan.bigquery).toContain("APPROX_COUNT_DISTINCT(`email`) as p4_distinct");
    expect(scan.spark).toContain("min(char_length(`email`)) as p4_min_length");
    expect(scan.bigquery).toContain("min(CHAR_LENGTH(`email`)) as p4_min_length");
    expect(scan.spark).toContain("(`ordered_on` <= cast(:p5 as DATE))");
    expect(scan.bigquery).toContain("(`created_at` > cast(@p6 as TIMESTAMP))");
    expect(scan.spark).toContain("from `staging`.`clean__orders__v42` as staged");
    expect(scan.bigquery).toContain("from `lake-prod.staging.clean__orders__v42` as staged");
  });

  it("binds values as parameters in the dialect's markers, never in the text", () => {
    for (const p of [spark, bq]) {
      expect(p.scan.params).toEqual(["new", "paid", "shipped", 0, 10_000, "2024-01-01", "2030-01-01T00:00:00Z", "^[a-z0-9._]+@[a-z0-9.-]+$"]);
      expect(p.scan.sql).not.toContain("shipped");
      expect(p.scan.sql).not.toContain("example");
    }
    expect(sqlOf(spark, "no_vip_refunds: query")).toContain("o.created_at >= :p0 and o.created_at < :p1");
    expect(sqlOf(bq, "no_vip_refunds: query")).toContain("o.created_at >= @p0 and o.created_at < @p1");
    expect(sqlOf(bq, "accepted_values_status: failing sample")).toContain("`status` not in (@p0, @p1, @p2) limit 5");
  });
});

describe("an audit plan decides how each check is answered, the same way in every dialect", () => {
  it("fuses row checks and freshness into the scan, gives unique, relationships and custom SQL a query each, and reads schema and volume from the context", () => {
    const answers = spark.checks.map((c) => [c.check.name, c.answer.kind, c.sample === undefined ? "no sample" : "sample"]);
    expect(answers).toEqual([
      ["not_null_order_id", "scan", "sample"],
      ["not_null_customer_id_status", "scan", "sample"],
      ["unique_order_id", "query", "sample"],
      ["unique_order_id_line", "query", "sample"],
      ["accepted_values_status", "scan", "sample"],
      ["relationships_customer_id", "query", "sample"],
      ["range_amount", "scan", "sample"],
      ["range_ordered_on", "scan", "sample"],
      ["range_created_at", "scan", "sample"],
      ["regex_email", "scan", "sample"],
      ["row_count", "scan", "no sample"],
      ["volume_anomaly", "context", "no sample"],
      ["freshness_created_at", "scan", "no sample"],
      ["schema", "context", "no sample"],
      ["no_vip_refunds", "query", "sample"],
    ]);
    const shape = (p: AuditPlan) => ({
      aggregates: p.scan.aggregates.map((a) => [a.id, a.of]),
      checks: p.checks.map((c) => [c.check.name, c.answer.kind, c.answer.kind === "scan" || c.answer.kind === "context" ? c.answer.reads : [], c.sample?.when, c.sample?.query.params]),
      profile: p.profile,
    });
    expect(shape(bq)).toEqual(shape(spark));
    expect(shape(plan(duckdbDialect))).toEqual(shape(spark));
    // 11 columns: nulls for each, distinct for strings, booleans and integers only (not the decimal, double, date or timestamp), the rest by type.
    expect(spark.scan.aggregates.filter((a) => a.of.kind === "profile")).toHaveLength(53);
    expect(spark.scan.aggregates.filter((a) => a.of.kind === "profile" && a.of.metric === "distinct").map((a) => (a.of.kind === "profile" ? a.of.column : ""))).toEqual(["order_id", "line", "customer_id", "status", "email", "paid"]);
  });

  it("answers a relationship to an asset never materialised without a query, as an error naming it", () => {
    const p = planAudit(graph.get(orders.key), { dialect: bigqueryDialect, staged: "`s.t`", targets: new Map([["clean/customers", { sql: "`clean.customers`", empty: true }]]) });
    expect(p.checks.find((c) => c.check.kind === "relationships")?.answer).toEqual({ kind: "unanswerable", message: `"clean/customers" has never been materialised, so "customer_id" cannot be checked against it` });
  });

  it("answers a custom SQL check whose macros have no value as an error saying why", () => {
    const p = planAudit(graph.get(orders.key), { dialect: sparkDialect, staged: "`s`.`t`", targets: new Map([["clean/customers", { sql: "`clean`.`customers`", empty: false }]]) });
    expect(p.checks.find((c) => c.check.kind === "sql")?.answer).toEqual({
      kind: "unanswerable",
      message: "could not be evaluated: ${partitionStart} has no value: the asset is not partitioned by time. Fix: partition it with daily()/hourly()/monthly(), or remove the macro",
    });
  });

  it("is frozen plain data", () => {
    expect(Object.isFrozen(spark)).toBe(true);
    expect(Object.isFrozen(spark.scan.aggregates[0])).toBe(true);
    expect(Object.isFrozen(spark.checks[2]?.answer)).toBe(true);
    expect(JSON.parse(JSON.stringify(spark.scan))).toEqual(spark.scan);
  });
});
