import { formatProblem, type Problem } from "./problem.ts";

/** Base class of every error Lakeform throws on purpose; the message is meant for people. */
export class LakeformError extends Error {
  override name = "LakeformError";
}

/**
 * Thrown by `buildAssetGraph` when declarations are invalid. It lists every problem found,
 * not only the first, each naming the asset and the fix.
 */
export class AssetGraphError extends LakeformError {
  override name = "AssetGraphError";
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const noun = problems.length === 1 ? "problem" : "problems";
    super(`Invalid asset graph (${problems.length} ${noun}):\n${problems.map((p) => ` - ${formatProblem(p)}`).join("\n")}`);
    this.problems = problems;
  }
}

/** Thrown when a selection expression cannot be parsed or names nothing; `position` is 0-based. */
export class SelectionError extends LakeformError {
  override name = "SelectionError";
}
