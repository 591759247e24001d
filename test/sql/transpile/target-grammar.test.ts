import { describe, expect, it } from "vitest";
import { grammarErrors } from "../../../runtime/transpile/target-grammar.ts";

describe("the target grammars accept each dialect's real syntax and reject what it lacks", () => {
  it("Spark: accepts FILTER clauses, RLIKE, GET_JSON_OBJECT and backquoted names; rejects QUALIFY with its line and column", async () => {
    expect(await grammarErrors("SELECT COUNT(*) FILTER (WHERE a RLIKE '(?i)bot') AS n, GET_JSON_OBJECT(p, '$.id') AS id FROM `lf_clean__orders`", "spark")).toEqual([]);
    const errors = await grammarErrors("SELECT *\nFROM t\nQUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) = 1", "spark");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ line: 3 }); // QUALIFY is read as the alias of t; ROW_NUMBER then fails
  });

  it("BigQuery: accepts COUNTIF, QUALIFY after a table, NULLS LAST in a window, IS DISTINCT FROM and named parameters", async () => {
    const sql = [
      "SELECT COUNTIF(is_paid) AS paid, SAFE_DIVIDE(a, b) AS r FROM `p.clean.orders`",
      "WHERE x IS DISTINCT FROM @p0 AND y IS NOT DISTINCT FROM @p1",
      "QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC NULLS LAST) = 1",
    ].join("\n");
    expect(await grammarErrors(sql, "bigquery")).toEqual([]);
  });

  it("BigQuery: accepts an ORDER BY inside array_agg and string_agg, and still rejects a syntax error after it", async () => {
    expect(await grammarErrors("SELECT s, ARRAY_AGG(page ORDER BY occurred_at DESC) AS pages, STRING_AGG(page, ',' ORDER BY page) AS list FROM t GROUP BY s", "bigquery")).toEqual([]);
    const [error] = await grammarErrors("SELECT ARRAY_AGG(page ORDER BY occurred_at) AS pages\nFORM t", "bigquery");
    expect(error).toMatchObject({ line: 2 });
  });

  it("BigQuery: rejects an aggregate FILTER clause, with its position", async () => {
    const [error] = await grammarErrors("SELECT\n  COUNT(*) FILTER (WHERE is_paid) AS paid\nFROM t", "bigquery");
    expect(error).toMatchObject({ line: 2 });
    expect(error?.message).toMatch(/^Expected /);
  });
});
