import { LakeformError } from "../../errors.ts";

/** The first line of a DuckDB error, without its category prefix noise. */
export function duckdbReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0]?.trim() ?? message).replace(/\.+$/, "");
}

/**
 * An error of an asset's SQL, naming the asset and the line of its SQL: DuckDB reports
 * `LINE n:` of the statement, and the asset's SQL starts at line `firstLine` of it.
 */
export function assetSqlError(asset: string, error: unknown, firstLine: number, at: string | undefined): LakeformError {
  const message = error instanceof Error ? error.message : String(error);
  const reason = duckdbReason(error);
  const line = /LINE (\d+):/.exec(message);
  const pointer = message.split("\n").slice(message.split("\n").findIndex((l) => l.startsWith("LINE ")), undefined);
  const where = line?.[1] === undefined ? "" : ` at line ${Number(line[1]) - firstLine + 1} of its SQL`;
  const excerpt = line === null ? "" : `\n${pointer.slice(0, 2).map((l) => `    ${l.replace(/^LINE \d+:/, "")}`).join("\n")}`;
  const declared = at === undefined ? "" : ` (declared at ${at})`;
  return new LakeformError(`Asset "${asset}": its SQL failed${where}: ${reason}${excerpt}\nFix: correct the SQL of "${asset}"${declared}; \`lakeform query\` runs SQL against the published assets to try it out.`);
}
