import type { SqlValue } from "../../core/declare/sql-template.ts";
import { LakeformError } from "../../core/errors.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import { formatProblem } from "../../core/problem.ts";
import { bigqueryDialect, duckdbDialect } from "../../core/sql/dialects.ts";
import { renderSql } from "../../core/sql/render-sql.ts";
import { partitionMacros } from "../../transpile/partition-macros.ts";
import { renderForTarget } from "../../transpile/render-for-target.ts";
import { isSqlTarget, TARGET_LABEL, type SqlTarget } from "../../transpile/sql-target.ts";
import { PLACEHOLDER_PROJECT, targetInputName } from "../../transpile/target-names.ts";
import { writeJson } from "../cli-io.ts";
import { stringOption, type Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { loadGraph } from "../load-catalog.ts";
import { partitionOption } from "../partition-option.ts";
import { UsageError } from "../usage-error.ts";
import { assetArgument } from "./checks.ts";

type RenderEngine = "duckdb" | SqlTarget;

/** A bound value as a comment shows it. */
function showValue(value: SqlValue): string {
  if (value instanceof Date) return `'${value.toISOString().slice(0, 19).replace("T", " ")}' (wall clock)`;
  if (typeof value === "string") return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

/** How the rendered SQL names the asset's parents, for the header comment. */
const INPUTS: Readonly<Record<RenderEngine, string>> = {
  duckdb: "parents as tables \"tier\".\"name\"",
  spark: "parents as the step's temporary views `lf_<tier>__<name>`; values as Spark SQL literals",
  bigquery: `parents as tables \`${PLACEHOLDER_PROJECT}.<tier>.<name>\`; values as query parameters`,
};

/** SQL as written in a template literal, without its common indentation. */
function dedent(text: string): string {
  const lines = text.replace(/^\s*\n/, "").trimEnd().split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join("\n");
}

function sqlOf(node: AssetNode): AssetNode["compute"] & { kind: "sql" } {
  if (node.compute.kind === "sql") return node.compute;
  const what = node.compute.kind === "fn" ? "a TypeScript function" : node.compute.kind === "spark" ? "a Spark script" : "landed by the runtime (ingest)";
  throw new LakeformError(`Asset "${node.key}": its compute is ${what}, so it has no SQL to render. Fix: render an asset computed by sql\`…\`.`);
}

/**
 * `lakeform render <asset> [--engine duckdb|spark|bigquery] [--partition KEY]`: prints the SQL
 * the engine runs for the asset — DuckDB's as written, Spark's and BigQuery's transpiled (or
 * from the `sql.for` override) and checked with the engine's grammar. What does not translate is
 * reported with its fix (exit 1), as `lakeform validate --engine` does.
 */
export const renderCommand: Command = {
  name: "render",
  summary: "Print the SQL an engine runs for an asset: DuckDB's as written, Spark's or BigQuery's transpiled",
  usage: "lakeform render <asset> [--engine duckdb|spark|bigquery] [--partition KEY] [--catalog <module>] [--json]",
  options: {
    engine: { type: "string", value: "duckdb|spark|bigquery", description: "the engine whose SQL to print (default: duckdb)" },
    partition: { type: "string", value: "KEY", description: "the partition whose macro values to use (default: the first partition)" },
  },
  async run(context) {
    const { io, catalog, json, config } = context;
    const key = assetArgument(context, "render");
    const engine = stringOption(context, "engine") ?? "duckdb";
    if (engine !== "duckdb" && !isSqlTarget(engine)) throw new UsageError(`--engine must be duckdb, spark or bigquery, not "${engine}". Fix: e.g. lakeform render ${key} --engine spark.`);
    const graph = await loadGraph(catalog, io.cwd, config.catalogTimeoutMs);
    const node = graph.get(key);
    const template = sqlOf(node);
    const partition = partitionOption(context, node);
    const macros = partitionMacros(node.partitions, partition);
    const rendered =
      engine === "duckdb"
        ? { ...renderSql(template, { dialect: duckdbDialect, ref: (r) => duckdbDialect.tableName(r.key), macros }), problems: [], overridden: false }
        : await renderForTarget(template, { target: engine, ref: (r) => targetInputName(r.key, engine), macros }, { asset: key });
    const params = rendered.params;
    const placeholder = engine === "duckdb" ? duckdbDialect.parameter : bigqueryDialect.parameter;
    if (json) {
      writeJson(io, { asset: key, engine, partition: macros.partitionKey ?? null, sql: rendered.problems.length === 0 ? rendered.text : null, params, overridden: rendered.overridden, problems: rendered.problems.map((p) => ({ ...p, text: formatProblem(p) })) });
      return rendered.problems.length === 0 ? ExitCode.ok : ExitCode.failed;
    }
    if (rendered.problems.length > 0) {
      for (const problem of rendered.problems) io.stderr(`✗ ${formatProblem(problem)}`);
      return ExitCode.failed;
    }
    const label = engine === "duckdb" ? "DuckDB" : TARGET_LABEL[engine];
    const source = engine === "duckdb" ? "as written" : rendered.overridden ? `from its sql.for override` : "transpiled from DuckDB";
    io.stdout(`-- ${key}${macros.partitionKey === undefined ? "" : ` partition ${String(macros.partitionKey)}`}: ${label}, ${source}; ${INPUTS[engine]}`);
    params.forEach((value, i) => io.stdout(`-- ${placeholder(i)} = ${showValue(value)}`));
    io.stdout(engine === "duckdb" ? dedent(rendered.text) : rendered.text.trim());
    return ExitCode.ok;
  },
};
