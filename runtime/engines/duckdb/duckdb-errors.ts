import { LakeformError } from "../../core/errors.ts";

/** The first line of a DuckDB error, without its category prefix noise. */
export function duckdbReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0]?.trim() ?? message).replace(/\.+$/, "");
}

/** `assets/clean/orders.ts:14` + 3 lines → `assets/clean/orders.ts:17`. */
function shiftLocation(location: string, lines: number): string {
  const match = /^(.*):(\d+)$/.exec(location);
  return match?.[1] === undefined ? location : `${match[1]}:${Number(match[2]) + lines}`;
}

/** The fix for an error: a "did you mean" when DuckDB names a missing column and its candidates. */
function fixOf(message: string, asset: string, at: string): string {
  const missing = /Referenced column "([^"]+)" not found/.exec(message)?.[1];
  const candidates = [...(/Candidate bindings: (.*)/.exec(message)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]).filter((c) => c !== undefined);
  if (missing !== undefined && candidates.length > 0) {
    const column = (candidates[0] ?? "").split(".").pop() ?? "";
    return `there is no column "${missing}": did you mean "${column}"? Correct the SQL of "${asset}" at ${at}`;
  }
  return `correct the SQL of "${asset}" at ${at}; \`lakeform query\` runs SQL against the published assets to try it out`;
}

/**
 * An error of an asset's SQL, naming the asset, the line of its SQL and the file line it was
 * written on: DuckDB reports `LINE n:` of the statement, the asset's SQL starts at line
 * `firstLine` of it, and `sqlAt` is where the template's first line was written (when known).
 * A missing column gets a "did you mean" from DuckDB's candidate bindings.
 */
export function assetSqlError(asset: string, error: unknown, firstLine: number, at: string | undefined, sqlAt?: string): LakeformError {
  const message = error instanceof Error ? error.message : String(error);
  const reason = duckdbReason(error);
  const line = /LINE (\d+):/.exec(message);
  const pointer = message.split("\n").slice(message.split("\n").findIndex((l) => l.startsWith("LINE ")), undefined);
  const sqlLine = line?.[1] === undefined ? undefined : Number(line[1]) - firstLine + 1;
  const fileLine = sqlLine === undefined || sqlAt === undefined ? undefined : shiftLocation(sqlAt, sqlLine - 1);
  const where = sqlLine === undefined ? "" : ` at line ${sqlLine} of its SQL${fileLine === undefined ? "" : ` (${fileLine})`}`;
  const excerpt = line === null ? "" : `\n${pointer.slice(0, 2).map((l) => `    ${l.replace(/^LINE \d+:/, "")}`).join("\n")}`;
  return new LakeformError(`Asset "${asset}": its SQL failed${where}: ${reason}${excerpt}\nFix: ${fixOf(message, asset, fileLine ?? sqlAt ?? at ?? "its declaration")}.`);
}
