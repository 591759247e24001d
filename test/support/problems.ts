import { AssetGraphError, buildAssetGraph, formatProblem, type Declarations } from "lakeform";

/** The formatted problems `buildAssetGraph` reports, without locations; [] when valid. */
export function problemsOf(declarations: Declarations): string[] {
  try {
    buildAssetGraph(declarations);
    return [];
  } catch (error) {
    if (!(error instanceof AssetGraphError)) throw error;
    return error.problems.map(({ at: _at, ...problem }) => formatProblem(problem));
  }
}
