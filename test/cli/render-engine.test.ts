import { describe, expect, it } from "vitest";
import { grammarErrors } from "../../runtime/transpile/target-grammar.ts";
import { runCli } from "../support/run-cli.ts";

const example = ["--catalog", "assets/index.ts"];
const untranslatable = ["--catalog", "test/fixtures/catalogs/untranslatable.ts"];
const FILTER_FOR_BIGQUERY =
  '✗ Asset "curated/paid_share": its SQL uses `count(*) filter (where …)` (2 aggregates with a FILTER clause: count(*)), which BigQuery does not support and polyglot leaves unchanged. Fix: rewrite as countif(...)/sum(if(...)) or give a per-engine override with sql.for({ bigquery: sql`…` }). (at test/fixtures/catalogs/untranslatable.ts:9)';
const RANGE_FOR_BIGQUERY =
  "✗ Asset \"curated/paid_share\": its SQL uses `range(…)` as a table, which polyglot writes as `FROM range(…)`, not a table in BigQuery. Fix: select from `unnest(generate_series(start, stop)) as t(i)` (stop included: `range(n)` is `generate_series(0, n - 1)`), which becomes explode(sequence(…)) in Spark and unnest(generate_array(…)) in BigQuery, or give a per-engine override with sql.for({ bigquery: sql`…` }). (at test/fixtures/catalogs/untranslatable.ts:9)";

describe("lakeform render", () => {
  it("prints Spark SQL for curated/daily_revenue that the Spark grammar accepts (the issue's bar)", async () => {
    const { code, stdout, stderr } = await runCli(["render", "curated/daily_revenue", "--engine", "spark", ...example]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(
      "-- curated/daily_revenue partition 2024-01-01: Spark SQL, transpiled from DuckDB; parents as the step's temporary views `lf_<tier>__<name>`; values as Spark SQL literals",
    );
    expect(stdout).toContain("FROM `lf_clean__orders`");
    expect(stdout).toContain("FROM `lf_clean__order_items`");
    expect(stdout).toContain("CAST('2024-01-01' AS DATE) AS revenue_date");
    expect(stdout).toContain("COUNT_IF(o.is_paid) AS paid_orders");
    expect(await grammarErrors(stdout, "spark")).toEqual([]);
  });

  it("renders the partition asked for, with BigQuery's named parameters listed", async () => {
    const { code, stdout } = await runCli(["render", "curated/product_performance", "--engine", "bigquery", "--partition", "2024-03-05", ...example]);
    expect(code).toBe(0);
    expect(stdout.split("\n").slice(0, 6)).toEqual([
      "-- curated/product_performance partition 2024-03-05: BigQuery, transpiled from DuckDB; parents as tables `your-gcp-project.<tier>.<name>`; values as query parameters",
      "-- @p0 = '2024-03-05 00:00:00' (wall clock)",
      "-- @p1 = '2024-03-06 00:00:00' (wall clock)",
      "-- @p2 = '2024-03-05 00:00:00' (wall clock)",
      "-- @p3 = '2024-03-06 00:00:00' (wall clock)",
      "-- @p4 = '2024-03-05'",
    ]);
    expect(stdout).toContain("FROM `your-gcp-project.clean.order_items` AS i");
    expect(await grammarErrors(stdout, "bigquery")).toEqual([]);
  });

  it("renders curated/daily_revenue for BigQuery (countif), and customer_lifetime_value from its sql.for override", async () => {
    const revenue = await runCli(["render", "curated/daily_revenue", "--engine", "bigquery", ...example]);
    expect(revenue.code).toBe(0);
    expect(revenue.stdout).toContain("COUNTIF(o.is_paid) AS paid_orders");
    const lifetime = await runCli(["render", "curated/customer_lifetime_value", "--engine", "bigquery", ...example]);
    expect(lifetime.code).toBe(0);
    expect(lifetime.stdout.split("\n")[0]).toBe("-- curated/customer_lifetime_value: BigQuery, from its sql.for override; parents as tables `your-gcp-project.<tier>.<name>`; values as query parameters");
    expect(lifetime.stdout).toContain("date_diff(current_date(), date(p.last_order_at), day) as days_since_last_order");
    expect(await grammarErrors(lifetime.stdout, "bigquery")).toEqual([]);
  });

  it("exits 1 with the construct and the fix when the SQL does not translate", async () => {
    const { code, stdout, stderr } = await runCli(["render", "curated/paid_share", "--engine", "bigquery", ...untranslatable]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`${FILTER_FOR_BIGQUERY}\n${RANGE_FOR_BIGQUERY}\n`);
  });

  it("prints DuckDB's SQL as written by default, and refuses assets without SQL or an unknown engine", async () => {
    const duckdb = await runCli(["render", "clean/orders", ...example]);
    expect(duckdb.code).toBe(0);
    expect(duckdb.stdout).toContain("-- $1 = '2024-01-01 00:00:00' (wall clock)");
    expect(duckdb.stdout).toContain('from "raw"."orders"');
    const landed = await runCli(["render", "raw/orders", ...example]);
    expect(landed.code).toBe(1);
    expect(landed.stderr).toBe('✗ Asset "raw/orders": its compute is landed by the runtime (ingest), so it has no SQL to render. Fix: render an asset computed by sql`…`.\n');
    const unknown = await runCli(["render", "clean/orders", "--engine", "snowflake", ...example]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--engine must be duckdb, spark or bigquery, not "snowflake"');
  });
});

describe("lakeform validate --engine", () => {
  it("passes for every SQL statement of the example platform, on both engines", async () => {
    for (const [engine, label] of [["spark", "Spark SQL"], ["bigquery", "BigQuery"]] as const) {
      const { code, stdout, stderr } = await runCli(["validate", "--engine", engine, ...example]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toContain("- raw/orders: skipped, it is landed by the runtime (ingest)\n");
      expect(stdout).toContain(`✓ 20 SQL statements translate to ${label} and parse with its grammar.`);
    }
  });

  it("bigquery: reports every construct that does not translate, each with the fix, then a summary; exit 1", async () => {
    const { code, stderr } = await runCli(["validate", "--engine", "bigquery", ...untranslatable]);
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toContain(FILTER_FOR_BIGQUERY);
    expect(lines).toContain(RANGE_FOR_BIGQUERY);
    expect(lines.filter((l) => l.startsWith("✗ Asset ")).map((l) => /^✗ Asset "([^"]+)"/.exec(l)?.[1])).toEqual(["curated/loaded_at", "curated/paid_share", "curated/paid_share"]);
    expect(lines.at(-1)).toBe("✗ 3 problems in 2 assets (of 2 SQL statements checked) for BigQuery, above. Fix: rewrite each construct, or give a per-engine override with sql.for({ bigquery: sql`…` }).");
  });

  it("spark: as JSON, every problem names the asset, the construct and the fix", async () => {
    const { code, stdout } = await runCli(["validate", "--engine", "spark", "--json", ...untranslatable]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { valid: boolean; engine: string; checked: string[]; problems: { asset: string; text: string }[] };
    expect(report.valid).toBe(false);
    expect(report.engine).toBe("spark");
    expect(report.checked).toEqual(["curated/loaded_at", "curated/paid_share"]);
    expect(report.problems.map((p) => /uses (`[^`]+`)/.exec(p.text)?.[1])).toEqual(["`epoch_ms(x)`", "`timestamptz`", "`range(…)`"]);
    expect(report.problems.every((p) => p.text.startsWith(`Asset "${p.asset}": its SQL uses `) && p.text.includes("Fix: ") && p.text.includes("sql.for({ spark: sql`…` })"))).toBe(true);
    const platform = await runCli(["validate", "--engine", "spark", "--json", ...example]);
    expect(JSON.parse(platform.stdout)).toMatchObject({ valid: true, engine: "spark", problems: [] });
  });

  it("refuses an engine that is not a transpilation target", async () => {
    const { code, stderr } = await runCli(["validate", "--engine", "duckdb", ...example]);
    expect(code).toBe(2);
    expect(stderr).toContain('--engine must be spark or bigquery, not "duckdb" (DuckDB runs the SQL as written). Fix: pass --engine spark or --engine bigquery.');
  });
});
