import type { AssetGraph } from "../core/graph/asset-graph.ts";
import { formatProblem } from "../core/problem.ts";
import { TARGET_LABEL, type SqlTarget } from "../transpile/sql-target.ts";
import { validateForTarget } from "../transpile/validate-for-target.ts";
import { writeJson, type CliIo } from "./cli-io.ts";
import { ExitCode } from "./exit-codes.ts";

/**
 * Checks every SQL statement of the catalog for `target` and reports it: each problem on stderr
 * (`✗ Asset "…": … Fix: ….`), each skipped asset as a note, and a summary. Exit 1 on any problem.
 */
export async function reportTargetValidation(io: CliIo, graph: AssetGraph, target: SqlTarget, json: boolean): Promise<number> {
  const result = await validateForTarget(graph, target);
  const valid = result.problems.length === 0;
  if (json) {
    writeJson(io, { valid, engine: target, checked: result.checked, skipped: result.skipped, problems: result.problems.map((p) => ({ ...p, text: formatProblem(p) })) });
    return valid ? ExitCode.ok : ExitCode.failed;
  }
  for (const skip of result.skipped) io.stdout(`- ${skip.asset}: skipped, ${skip.reason}`);
  for (const problem of result.problems) io.stderr(`✗ ${formatProblem(problem)}`);
  const statements = `${result.checked.length} SQL statement${result.checked.length === 1 ? "" : "s"}`;
  if (valid) io.stdout(`✓ ${statements} translate to ${TARGET_LABEL[target]} and parse with its grammar.`);
  else {
    const assets = new Set(result.problems.map((p) => p.asset)).size;
    io.stderr(`✗ ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} in ${assets} asset${assets === 1 ? "" : "s"} (of ${statements} checked) for ${TARGET_LABEL[target]}, above. Fix: rewrite each construct, or give a per-engine override with sql.for({ ${target}: sql\`…\` }).`);
  }
  return valid ? ExitCode.ok : ExitCode.failed;
}
