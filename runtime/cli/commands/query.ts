import { publishedRelation } from "../../run/prepare-inputs.ts";
import { openRuntime } from "../../run/open-runtime.ts";
import type { InputRelation } from "../../engines/engine.ts";
import { duckdbReason } from "../../engines/duckdb/duckdb-errors.ts";
import { LakeformError } from "../../core/errors.ts";
import { DamagedVersionError, describeDamage, rebuildCommand } from "../../run/damaged-files.ts";
import { closestNames } from "../../core/did-you-mean.ts";
import { formatProblem, type Problem } from "../../core/problem.ts";
import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { loadDeclarations } from "../load-catalog.ts";
import { commandWorkspace } from "../open-command-runtime.ts";
import { textTable } from "../text-table.ts";
import { UsageError } from "../usage-error.ts";
import { buildValidSubgraph } from "../valid-subgraph.ts";

const MAX_ROWS_SHOWN = 100;

/** `schema.table` names of assets, as SQL sees them. */
const tableOf = (key: string) => key.replace("/", ".");

/**
 * The fix for a failed query: for a table that does not exist, what does (and why an asset is
 * not there: never published, or left out as invalid); otherwise, only to correct the SQL.
 */
function queryFix(reason: string, views: readonly InputRelation[], declared: readonly string[], invalid: readonly Problem[]): string {
  const table = /Table with name ([^\s!]+) does not exist/.exec(reason)?.[1];
  if (table === undefined) return "correct the SQL";
  const published = views.map((v) => tableOf(v.key));
  // DuckDB names the table without its schema.
  const named = (key: string) => tableOf(key).split(".").pop() === table;
  const left = invalid.find((p) => p.asset !== undefined && named(p.asset));
  if (left?.asset !== undefined) return `"${left.asset}" is invalid and was left out: ${formatProblem(left)}`;
  const asKey = declared.find(named);
  if (asKey !== undefined && !published.includes(tableOf(asKey))) return `"${asKey}" has no published data yet: run \`lakeform materialize ${asKey}\``;
  const close = closestNames(table, published.map((p) => p.split(".").pop() ?? p));
  const hint = close.length === 0 ? "" : `did you mean ${published.filter((p) => close.includes(p.split(".").pop() ?? p)).map((p) => `"${p}"`).join(" or ")}?`;
  return `${hint === "" ? "" : `${hint} `}tables are named by asset key as schema.table (${published.join(", ") || "none published yet: run lakeform materialize"})`;
}

/**
 * `lakeform query "<sql>"`: DuckDB SQL over the published assets, tables named by key. Assets
 * that are invalid in the catalog are left out (with a warning) rather than stopping the query.
 */
export const queryCommand: Command = {
  name: "query",
  summary: 'Run DuckDB SQL over the published assets: select * from "clean"."orders"',
  usage: 'lakeform query "<sql>" [--env NAME] [--json]',
  options: {},
  async run(context) {
    const { io, json, positionals } = context;
    const sql = positionals.join(" ").trim();
    if (sql === "") throw new UsageError('No SQL given. Fix: lakeform query "select * from clean.orders limit 10".');
    const { graph, problems } = buildValidSubgraph(await loadDeclarations(context.catalog, io.cwd, context.config.catalogTimeoutMs));
    const left = [...new Set(problems.map((p) => p.asset))];
    if (left.length > 0) io.stderr(`! ${left.length === 1 ? "1 invalid asset is" : `${left.length} invalid assets are`} left out of the query: ${left.join(", ")} (\`lakeform validate\` shows why).`);
    const runtime = await openRuntime(graph, commandWorkspace(context), context.config);
    try {
      const views: InputRelation[] = [];
      for (const key of graph.keys) {
        try {
          const { relation } = await publishedRelation(graph, runtime.state, runtime.store, key);
          if (relation.files.length > 0) views.push(relation);
        } catch (error) {
          if (!(error instanceof DamagedVersionError)) throw error;
          const [first] = error.damage;
          io.stderr(`! "${key}" is left out of the query: its published data cannot be read (${first === undefined ? "damaged" : describeDamage(first)}). Fix: run \`lakeform verify\`, then rebuild it with \`${first === undefined ? `lakeform materialize ${key}` : rebuildCommand(first)}\`.`);
        }
      }
      let rows: Record<string, unknown>[];
      try {
        const result = await runtime.engine.query(sql, views);
        for (const [key, why] of result.unavailable) io.stderr(`! "${key}" is left out of the query: its published data cannot be read (${why}). Fix: rebuild it with \`lakeform materialize ${key}\`.`);
        rows = result.rows;
      } catch (error) {
        if (error instanceof LakeformError) throw error;
        const reason = duckdbReason(error).replace(/^Failed to extract statements: /, "").replace(/!$/, "");
        throw new LakeformError(`Query failed: ${reason}. Fix: ${queryFix(reason, views, graph.keys, problems)}.`);
      }
      if (json) writeJson(io, rows);
      else {
        const columns = Object.keys(rows[0] ?? {});
        const cell = (v: unknown) => (v === null ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v));
        io.stdout(textTable(columns, rows.slice(0, MAX_ROWS_SHOWN).map((r) => columns.map((c) => cell(r[c])))));
        io.stdout(`${rows.length} row${rows.length === 1 ? "" : "s"}${rows.length > MAX_ROWS_SHOWN ? ` (first ${MAX_ROWS_SHOWN} shown; use --json for all)` : ""}`);
      }
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
};
