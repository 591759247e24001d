import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { writeJson } from "../cli-io.ts";
import { stringOption, type Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { loadGraph } from "../load-catalog.ts";
import { typecheckCatalog } from "../typecheck-catalog.ts";
import { UsageError } from "../usage-error.ts";
import { isSqlTarget } from "../../transpile/sql-target.ts";
import { reportTargetValidation } from "../target-validation-report.ts";

/**
 * `lakeform validate [--typecheck] [--engine spark|bigquery]`: builds the graph; errors are
 * reported by the CLI's error handler. `--typecheck` first runs the TypeScript compiler over the
 * catalog and the files it imports, and stops with their diagnostics (exit 1) when there are
 * any. `--engine` then transpiles every SQL asset and `c.sql` check for that engine and parses
 * the result with its grammar, reporting each statement that does not translate (exit 1).
 */
export const validateCommand: Command = {
  name: "validate",
  summary: "Check every declaration and report all problems at once (--typecheck: compile the catalog's files too)",
  usage: "lakeform validate [--typecheck] [--engine spark|bigquery] [--catalog <module>] [--json]",
  options: {
    typecheck: { type: "boolean", description: "first compile the catalog and every file it imports with TypeScript, reporting each error with its file:line:column" },
    engine: { type: "string", value: "spark|bigquery", description: "also transpile every SQL asset and c.sql check for this engine and parse it with its grammar; report what does not translate, with the fix" },
  },
  async run(context) {
    const { io, catalog, json, values, config } = context;
    const engine = stringOption(context, "engine");
    if (engine !== undefined && !isSqlTarget(engine)) throw new UsageError(`--engine must be spark or bigquery, not "${engine}" (DuckDB runs the SQL as written). Fix: pass --engine spark or --engine bigquery.`);
    const file = isAbsolute(catalog) ? catalog : resolve(io.cwd, catalog);
    // A missing catalog is reported by loadGraph, with the fix.
    if (values.typecheck === true && existsSync(file)) {
      const diagnostics = await typecheckCatalog(file, io.cwd);
      if (diagnostics.length > 0) {
        if (json) {
          writeJson(io, { valid: false, typeErrors: diagnostics.map((d) => ({ file: d.location?.file ?? null, line: d.location?.line ?? null, column: d.location?.column ?? null, message: d.message, text: d.text })) });
        } else {
          for (const d of diagnostics) io.stderr(d.text);
          io.stderr(`✗ Catalog "${catalog}" has ${diagnostics.length === 1 ? "a type error" : `${diagnostics.length} type errors`} (above). Fix: correct ${diagnostics.length === 1 ? "it" : "them"}, then run \`lakeform validate --typecheck\` again.`);
        }
        return ExitCode.failed;
      }
    }
    const graph = await loadGraph(catalog, io.cwd, config.catalogTimeoutMs);
    if (engine !== undefined) return reportTargetValidation(io, graph, engine, json);
    const nodes = graph.nodes();
    const summary = {
      valid: true,
      assets: nodes.length,
      sources: nodes.filter((n) => n.kind === "source").length,
      checks: nodes.reduce((sum, n) => sum + n.checks.length, 0),
      tiers: Object.fromEntries(["raw", "clean", "curated"].map((t) => [t, nodes.filter((n) => n.tier === t).length])),
    };
    if (json) writeJson(io, summary);
    else {
      const tiers = Object.entries(summary.tiers).map(([t, n]) => `${n} ${t}`).join(", ");
      io.stdout(`✓ ${catalog} is valid: ${summary.assets} assets (${tiers}), ${summary.sources} sources, ${summary.checks} checks${values.typecheck === true ? "; it type-checks" : ""}.`);
    }
    return ExitCode.ok;
  },
};
