import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlValue } from "../../../runtime/core/declare/sql-template.ts";
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

/** The statement's DuckDB text with sentinels for refs, parameters and `${self}`, and its parameters. */
function sentinelText(statement: ExampleStatement): { text: string; params: readonly SqlValue[]; refs: string[] } {
  const refs: string[] = [];
  const rendered = renderSql(statement.template, {
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

/** DuckDB → target → DuckDB, with polyglot both ways. */
async function roundTrip(duckdbSql: string, target: SqlTarget): Promise<string> {
  const there = await transpile(duckdbSql, target);
  const polyglot = await loadPolyglot();
  const back = polyglot.transpile(there, target === "spark" ? polyglot.Dialect.Spark : polyglot.Dialect.BigQuery, polyglot.Dialect.DuckDB);
  if (!back.success || back.sql?.[0] === undefined) throw new Error(`back to DuckDB: ${back.error}`);
  return back.sql[0];
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

describe("round trip: DuckDB → target → DuckDB gives the same rows as the original on DuckDB", () => {
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
          if (checked.problems.length > 0) {
            // Reported as not translating (see example-platform.test.ts): nothing to run there.
            expect(checked.problems[0]?.fix).toContain(`sql.for({ ${target}:`);
            return;
          }
          const back = await rowsOf(runnable(await roundTrip(text, target), statement, params, refs));
          expect(back).toEqual(original);
        });
      }
    });
  }
});
