import { globToRegExp } from "./glob.ts";

/**
 * Landed files that a pattern misses although they plainly belong to it: under the pattern's
 * folder (the segments before its first wildcard), named like its last segment, but in a
 * subfolder the pattern does not reach — e.g. `orders/dt=2026-11-28/x.csv` for `orders/*.csv`.
 * Patterns using `**` reach every subfolder and miss nothing.
 */
export function unmatchedLandedFiles(pattern: string, paths: readonly string[]): string[] {
  if (pattern.includes("**")) return [];
  const segments = pattern.split("/");
  const firstWild = segments.findIndex((s) => /[*?]/.test(s));
  const folder = segments.slice(0, firstWild < 0 ? segments.length - 1 : firstWild).join("/");
  const name = globToRegExp(segments[segments.length - 1] ?? "");
  const matcher = globToRegExp(pattern);
  return paths.filter((p) => (folder === "" || p.startsWith(`${folder}/`)) && name.test(p.split("/").pop() ?? "") && !matcher.test(p)).sort();
}
