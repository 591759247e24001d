import { readFileSync } from "node:fs";
import { logFiles } from "./log-partitions.ts";
import { parseRunLogLine, type RunLogLine } from "./run-log-line.ts";

/** Which lines to read: by asset, by run, from an instant on. @default every line */
export interface RunLogFilter {
  /** Only lines about these assets (lines about a whole run are kept when `runId` is given). */
  readonly assets?: ReadonlySet<string>;
  readonly runId?: string;
  /** Only lines at or after this instant. */
  readonly since?: Date;
}

/** Whether `line` passes `filter`. */
export function matchesFilter(line: RunLogLine, filter: RunLogFilter): boolean {
  if (filter.runId !== undefined && line.run_id !== filter.runId) return false;
  if (filter.since !== undefined && Date.parse(line.time) < filter.since.getTime()) return false;
  if (filter.assets !== undefined && (line.asset === null ? filter.runId === undefined : !filter.assets.has(line.asset))) return false;
  return true;
}

/** The lines of one file past `offset` characters (complete lines only), and where the next read starts. */
export function linesOf(file: string, offset = 0): { lines: RunLogLine[]; next: number } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return { lines: [], next: offset };
  }
  const end = text.lastIndexOf("\n") + 1;
  const lines = text
    .slice(offset, Math.max(offset, end))
    .split("\n")
    .flatMap((l) => {
      const line = l === "" ? undefined : parseRunLogLine(l);
      return line === undefined ? [] : [line];
    });
  return { lines, next: Math.max(offset, end) };
}

/**
 * The run log lines of the logs tier that pass `filter`, in time order (date partitions before
 * `since`'s day are not read).
 */
export function readRunLogs(logsDir: string, filter: RunLogFilter = {}): RunLogLine[] {
  return logFiles(logsDir, "runs", filter.since)
    .flatMap((file) => linesOf(file).lines)
    .filter((line) => matchesFilter(line, filter))
    .sort((a, b) => a.time.localeCompare(b.time));
}
