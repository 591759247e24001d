import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templateFor, type SqlTemplate, type SqlValue } from "../../../runtime/core/declare/sql-template.ts";
import { duckdbDialect } from "../../../runtime/core/sql/dialects.ts";
import { renderSql } from "../../../runtime/core/sql/render-sql.ts";
import { loadPolyglot } from "../../../runtime/transpile/polyglot.ts";
import { renderForTarget } from "../../../runtime/transpile/render-for-target.ts";
import { replaceSentinels, Sentinel } from "../../../runtime/transpile/sentinels.ts";
import { SQL_TARGETS, type SqlTarget } from "../../../runtime/transpile/sql-target.ts";
import { transpile } from "../../../runtime/transpile/transpile.ts";
import { exampleStatements, type ExampleStatement } from "./example-statements.ts";
import { createRawTables, tableOf } from "./shop-tables.ts";

/** A value as a DuckDB literal (Dates as TIMESTAMP by their UTC fields, as the engine binds wall-clock bounds). */
function duckdbLiteral(value: SqlValue): string {
  if (value === null) return "NULL";
  if (value instanceof Date) return `TIMESTAMP '${value.toISOString().slice(0, 19).replace("T", " ")}'`;
  if (typeof value === "string") return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

/** The template's text (the statement's, or an override of it) with sentinels for refs, parameters and `${self}`, and its parameters. */
function sentinelText(statement: ExampleStatement, template: SqlTemplate = statement.template): { text: string; params: readonly SqlValue[]; refs: string[] } {
  const refs: string[] = [];
  const rendered = renderSql(template, {
    dialect: { ...duckdbDialect, parameter: Sentinel.param },
    ref: (r) => Sentinel.ref(refs.push(r.key) - 1),
    macros: statement.macros,
    self: Sentinel.self,
  });
  return { ...rendered, refs };
}

/** Sentinels replaced by the test's tables and the parameters as DuckDB literals. */
function runnable(text: string, statement: ExampleStatement, params: readonly SqlValue[], refs: readonly string[]): string {
  return replaceSentinels(text, (t) => (t.kind === "self" ? tableOf(statement.asset) : t.kind === "ref" ? tableOf(refs[t.index] ?? "") : duckdbLiteral(params[t.index] ?? null))).text;
}

/**
 * Target functions that polyglot 0.12 reads back into DuckDB wrongly or not at all, each
 * replaced in the target's text by a name polyglot passes through to the DuckDB function of
 * the same meaning. Only the way back is patched: what the target runs is left as transpiled.
 */
const WAY_BACK: Readonly<Record<SqlTarget, readonly (readonly [RegExp, string])[]>> = {
  // Spark's get_json_object(json, path) is DuckDB's json_extract_string (polyglot has no way back).
  spark: [[/\bGET_JSON_OBJECT\(/g, "JSON_EXTRACT_STRING("]],
  // BigQuery's regexp_contains is a partial match, DuckDB's regexp_matches (polyglot reads it as regexp_full_match).
  bigquery: [[/\bREGEXP_CONTAINS\(/g, "REGEXP_MATCHES("]],
};

/**
 * What the target runs, read back as DuckDB with polyglot: the DuckDB text transpiled there and
 * back, or the asset's `sql.for` override for the target transpiled into DuckDB.
 */
async function roundTrip(statement: ExampleStatement, target: SqlTarget): Promise<{ text: string; params: readonly SqlValue[]; refs: string[] }> {
  const chosen = templateFor(statement.template, target);
  const source = sentinelText(statement, chosen.template);
  const transpiled = chosen.overridden ? source.text : await transpile(source.text, target);
  const there = WAY_BACK[target].reduce((text, [pattern, name]) => text.replace(pattern, name), transpiled);
  const polyglot = await loadPolyglot();
  const back = polyglot.transpile(there, target === "spark" ? polyglot.Dialect.Spark : polyglot.Dialect.BigQuery, polyglot.Dialect.DuckDB);
  if (!back.success || back.sql?.[0] === undefined) throw new Error(`back to DuckDB: ${back.error}`);
  return { ...source, text: back.sql[0] };
}

let instance: DuckDBInstance;
let connection: DuckDBConnection;
/**
 * The rows of `sql`, sorted, decimals by value: polyglot writes `decimal(12, 2)` as BigQuery's
 * `NUMERIC` (scale 9), which reads back with another scale — `10.900` is the same value as `10.90`.
 */
const rowsOf = async (sql: string) =>
  (await connection.runAndReadAll(sql))
    .getRowObjectsJson()
    .map((r) => JSON.stringify(r, (_key, value: unknown) => (typeof value === "string" && /^-?\d+\.\d+$/.test(value) ? value.replace(/\.?0+$/, "") : value)))
    .sort();

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  await createRawTables(connection);
  // Each asset's table holds what its original DuckDB SQL returns, in dependency order.
  for (const s of exampleStatements.filter((s) => s.check === undefined)) {
    const { text, params, refs } = sentinelText(s);
    await connection.run(`create table ${tableOf(s.asset)} as ${runnable(text, s, params, refs)}`);
  }
});
afterAll(() => {
  connection?.closeSync();
  instance?.closeSync();
});

describe("round trip: DuckDB → target → DuckDB gives the same rows as the original on DuckDB, for every example statement", () => {
  it("has rows to compare in every example asset", async () => {
    for (const s of exampleStatements.filter((s) => s.check === undefined)) expect((await rowsOf(`select * from ${tableOf(s.asset)}`)).length, s.asset).toBeGreaterThan(0);
  });

  for (const target of SQL_TARGETS) {
    describe(target, () => {
      for (const statement of exampleStatements) {
        it(statement.name, async () => {
          const checked = await renderForTarget(statement.template, { target, ref: (r) => tableOf(r.key), macros: statement.macros, self: tableOf(statement.asset) }, { asset: statement.asset });
          const { text, params, refs } = sentinelText(statement);
          const original = await rowsOf(runnable(text, statement, params, refs));
          expect(checked.problems).toEqual([]);
          const there = await roundTrip(statement, target);
          const back = await rowsOf(runnable(there.text, statement, there.params, there.refs));
          expect(back).toEqual(original);
        });
      }
    });
  }
});
