import { describe, expect, it } from "vitest";
import { formatProblem } from "../../../runtime/core/problem.ts";
import { renderForTarget } from "../../../runtime/transpile/render-for-target.ts";
import { SQL_TARGETS } from "../../../runtime/transpile/sql-target.ts";
import { grammarErrors } from "../../../runtime/transpile/target-grammar.ts";
import { targetInputName } from "../../../runtime/transpile/target-names.ts";
import { exampleStatements } from "./example-statements.ts";

describe("every SQL statement of the example platform transpiles to Spark and BigQuery and parses with the target's grammar", () => {
  for (const target of SQL_TARGETS) {
    describe(target, () => {
      for (const statement of exampleStatements) {
        it(statement.name, async () => {
          const out = await renderForTarget(
            statement.template,
            { target, ref: (r) => targetInputName(r.key, target), macros: statement.macros, ...(statement.check === undefined ? {} : { self: targetInputName(`${statement.asset}__staged`, target) }) },
            { asset: statement.asset, ...(statement.check === undefined ? {} : { check: statement.check }) },
          );
          const problems = out.problems.map(formatProblem);
          const header = problems.length === 0 ? `-- parses as ${target}${out.overridden ? " (the asset's sql.for override)" : ""}` : problems.map((p) => `-- ✗ ${p.replace(/ \(at [^)]*\)\.?$/, "")}`).join("\n");
          await expect(`${header}\n${out.text}\n`).toMatchFileSnapshot(`__snapshots__/${target}/${statement.name.replace(/[/#]/g, "__")}.sql`);
          expect(out.text).not.toMatch(/__lf_/);
          expect(problems).toEqual([]);
          expect(await grammarErrors(out.text, target)).toEqual([]);
        });
      }
    });
  }

  it("covers every SQL asset of the example platform and its c.sql checks", () => {
    const assets = new Set(exampleStatements.map((s) => s.asset));
    expect([...assets].sort()).toEqual(["clean/customers", "clean/order_items", "clean/orders", "clean/products", "clean/web_events", "curated/conversion_funnel", "curated/customer_lifetime_value", "curated/daily_revenue", "curated/product_performance"]);
    expect(exampleStatements.filter((s) => s.check !== undefined).length).toBeGreaterThanOrEqual(10);
  });
});
