import { describe, expect, it } from "vitest";
import { formatProblem } from "../../../runtime/core/problem.ts";
import { renderForTarget } from "../../../runtime/transpile/render-for-target.ts";
import { SQL_TARGETS } from "../../../runtime/transpile/sql-target.ts";
import { grammarErrors } from "../../../runtime/transpile/target-grammar.ts";
import { targetInputName } from "../../../runtime/transpile/target-names.ts";
import { exampleStatements } from "./example-statements.ts";

/**
 * What does not translate on the example platform, per target: the asset (or check) and the
 * construct its problem names. Every other statement must parse with the target's grammar.
 */
const EXPECTED_PROBLEMS = {
  spark: {
    "clean/customers": ["`qualify` inside a CTE"],
    "clean/orders": ["`qualify` inside a CTE", "`timezone(zone, ts)`"],
    "clean/web_events": ["`qualify` inside a CTE", "`timezone(zone, ts)`"],
    "clean/order_items": ["`qualify` inside a CTE"],
    "curated/conversion_funnel": ["`arg_min(…)/arg_max(…)`"],
    "curated/customer_lifetime_value": ["`timezone(zone, ts)`"],
  },
  bigquery: {
    "clean/orders": ["`timezone(zone, ts)`"],
    "clean/web_events": ["`timezone(zone, ts)`"],
    "curated/conversion_funnel": ["`count(*) filter (where …)`", "`arg_min(…)/arg_max(…)`", "`bool_or(…)/bool_and(…)`"],
    "curated/customer_lifetime_value": ["`timezone(zone, ts)`", "`date_diff(part, start, end)`"],
    "curated/daily_revenue": ["`count(*) filter (where …)`"],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

describe("every SQL statement of the example platform transpiles to Spark and BigQuery, or is reported with a fix", () => {
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
          const header = problems.length === 0 ? "-- parses as " + target : problems.map((p) => `-- ✗ ${p.replace(/ \(at [^)]*\)\.?$/, "")}`).join("\n");
          await expect(`${header}\n${out.text}\n`).toMatchFileSnapshot(`__snapshots__/${target}/${statement.name.replace(/[/#]/g, "__")}.sql`);
          expect(out.text).not.toMatch(/__lf_/);
          const expected: readonly string[] = statement.check === undefined ? ((EXPECTED_PROBLEMS[target] as Record<string, readonly string[]>)[statement.asset] ?? []) : [];
          if (expected.length === 0) {
            expect(problems).toEqual([]);
            expect(await grammarErrors(out.text, target)).toEqual([]);
          } else {
            expect(problems).toHaveLength(expected.length);
            expected.forEach((construct, i) => {
              expect(problems[i]).toContain(`Asset "${statement.asset}": its SQL uses ${construct}`);
              expect(problems[i]).toMatch(new RegExp(`Fix: .*sql\\.for\\(\\{ ${target}: sql\`…\` \\}\\)`));
            });
          }
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
