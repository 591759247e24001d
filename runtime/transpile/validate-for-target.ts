import type { EngineName } from "../core/declare/asset.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { AssetNode } from "../core/graph/asset-node.ts";
import { LakeformError } from "../core/errors.ts";
import type { Problem } from "../core/problem.ts";
import { partitionMacros } from "./partition-macros.ts";
import { renderForTarget, type TargetSql } from "./render-for-target.ts";
import type { SqlTarget } from "./sql-target.ts";
import { targetInputName } from "./target-names.ts";

/** The engine that runs a target's SQL. */
export const ENGINE_OF_TARGET: Readonly<Record<SqlTarget, EngineName>> = { spark: "emr", bigquery: "bigquery" };

/** An asset not checked for a target, and why. */
export interface SkippedAsset {
  readonly asset: string;
  readonly reason: string;
}

/** The outcome of checking a catalog's SQL for one target. */
export interface TargetValidation {
  readonly target: SqlTarget;
  /** Statements checked: `asset` for an asset's SQL, `asset#check` for a custom check. */
  readonly checked: readonly string[];
  readonly skipped: readonly SkippedAsset[];
  /** Every statement that does not translate or parse, naming the asset, the construct and the fix. */
  readonly problems: readonly Problem[];
}

/** Why `node` is not checked for `target`, or undefined when it is. */
function skipReason(node: AssetNode, target: SqlTarget): string | undefined {
  const compute = node.compute;
  switch (compute.kind) {
    case "fn":
      return "its compute is a TypeScript function, run by the runtime";
    case "ingest":
      return "it is landed by the runtime (ingest)";
    case "spark":
      return "its compute is a Spark script, run as written on EMR";
    case "sql": {
      const pinned = node.definition.engine;
      return pinned !== undefined && pinned !== ENGINE_OF_TARGET[target] ? `it runs on ${pinned} (its engine option)` : undefined;
    }
  }
}

/** Renders one statement; a macro without a value becomes a problem rather than an exception. */
async function renderOne(render: () => Promise<TargetSql>, asset: string, check?: string): Promise<readonly Problem[]> {
  try {
    return (await render()).problems;
  } catch (error) {
    if (!(error instanceof LakeformError)) throw error;
    return [{ asset, message: `${check === undefined ? "its SQL" : `its check "${check}"`} cannot be rendered: ${error.message.replace(/\.(?: Fix:.*)?$/s, "")}`, fix: "see the asset's declaration" }];
  }
}

/**
 * Renders every SQL asset of `graph` and its `c.sql` checks for `target` (transpiled, or from
 * the `sql.for` override), with the first partition's macro values, and collects every
 * statement that does not translate or parse. Assets computed by functions, landed by the
 * runtime, computed by Spark scripts or pinned to another engine are skipped, each with why.
 */
export async function validateForTarget(graph: AssetGraph, target: SqlTarget): Promise<TargetValidation> {
  const checked: string[] = [];
  const skipped: SkippedAsset[] = [];
  const problems: Problem[] = [];
  const ref = (r: { key: string }) => targetInputName(r.key, target);
  for (const node of graph.nodes()) {
    const reason = skipReason(node, target);
    if (reason !== undefined || node.compute.kind !== "sql") {
      skipped.push({ asset: node.key, reason: reason ?? "it has no SQL" });
      continue;
    }
    const macros = partitionMacros(node.partitions);
    const sessionTimeZone = node.partitions?.kind === "time" ? node.partitions.timezone : "UTC";
    const compute = node.compute;
    checked.push(node.key);
    problems.push(...(await renderOne(() => renderForTarget(compute, { target, ref, macros, sessionTimeZone }, { asset: node.key }), node.key)));
    for (const check of node.checks) {
      if (check.kind !== "sql") continue;
      checked.push(`${node.key}#${check.name}`);
      const self = targetInputName(`${node.key}__staged`, target);
      problems.push(...(await renderOne(() => renderForTarget(check.query, { target, ref, macros, self, sessionTimeZone }, { asset: node.key, check: check.name }), node.key, check.name)));
    }
  }
  return { target, checked, skipped, problems };
}
