import { publishedRelation } from "../../run/prepare-inputs.ts";
import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { textTable } from "../text-table.ts";
import { UsageError } from "../usage-error.ts";
import { LakeformError } from "../../errors.ts";
import { duckdbReason } from "../../engine/duckdb/duckdb-errors.ts";

const MAX_ROWS_SHOWN = 100;

/** `lakeform query "<sql>"`: DuckDB SQL over the published assets, tables named by key. */
export const queryCommand: Command = {
  name: "query",
  summary: 'Run DuckDB SQL over the published assets: select * from "clean"."orders"',
  usage: 'lakeform query "<sql>" [--env NAME] [--json]',
  options: {},
  async run(context) {
    const { io, json, positionals } = context;
    const sql = positionals.join(" ").trim();
    if (sql === "") throw new UsageError('No SQL given. Fix: lakeform query "select * from clean.orders limit 10".');
    return withRuntime(context, async (runtime, graph) => {
      const views = [];
      for (const key of graph.keys) {
        const { relation } = await publishedRelation(graph, runtime.state, runtime.store, key);
        if (relation.files.length > 0) views.push(relation);
      }
      let rows: Record<string, unknown>[];
      try {
        rows = await runtime.engine.query(sql, views);
      } catch (error) {
        const names = views.map((v) => v.key.replace("/", ".")).join(", ");
        throw new LakeformError(`Query failed: ${duckdbReason(error)}. Fix: published assets are tables named by key (${names || "none yet: run lakeform materialize"}).`);
      }
      if (json) writeJson(io, rows);
      else {
        const columns = Object.keys(rows[0] ?? {});
        const cell = (v: unknown) => (v === null ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v));
        io.stdout(textTable(columns, rows.slice(0, MAX_ROWS_SHOWN).map((r) => columns.map((c) => cell(r[c])))));
        io.stdout(`${rows.length} row${rows.length === 1 ? "" : "s"}${rows.length > MAX_ROWS_SHOWN ? ` (first ${MAX_ROWS_SHOWN} shown; use --json for all)` : ""}`);
      }
      return ExitCode.ok;
    });
  },
};
