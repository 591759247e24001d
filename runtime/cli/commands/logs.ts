import { parseDuration } from "../../core/declare/duration.ts";
import { LakeformError } from "../../core/errors.ts";
import { duckdbReason } from "../../engines/duckdb/duckdb-errors.ts";
import { followRunLogs } from "../../logs/follow-run-logs.ts";
import { queryRunLogs } from "../../logs/query-run-logs.ts";
import { readRunLogs, type RunLogFilter } from "../../logs/read-run-logs.ts";
import type { RunLogLine } from "../../logs/run-log-line.ts";
import { writeJson } from "../cli-io.ts";
import { stringOption, type Command, type CommandContext } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { nowOf } from "../parse-now.ts";
import { commandGraph, commandWorkspace } from "../open-command-runtime.ts";
import { selectFromArguments } from "../select-from-arguments.ts";
import { textTable } from "../text-table.ts";
import { UsageError } from "../usage-error.ts";

/** How often `--follow` looks for new lines. */
const FOLLOW_INTERVAL_MS = 500;

/** `--since`: a duration back from now (`1h`, `2d`) or an ISO instant. */
export function sinceOf(text: string | undefined, now: Date): Date | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  const instant = new Date(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(instant.getTime())) return instant;
  throw new UsageError(`--since "${text}" is neither a duration nor an ISO date-time. Fix: e.g. --since 1h or --since 2024-03-01T09:00:00Z.`);
}

/** One line as people read it: time, level, run, asset [partition], message. */
export function formatLogLine(line: RunLogLine): string {
  return `${line.time} ${line.level.toUpperCase().padEnd(5)} ${line.run_id} ${line.message}`;
}

async function filterOf(context: CommandContext): Promise<RunLogFilter> {
  const runId = stringOption(context, "run");
  const since = sinceOf(stringOption(context, "since"), nowOf(context.values.now));
  const assets = context.positionals.length === 0 ? undefined : new Set(selectFromArguments(await commandGraph(context), context.positionals));
  return { ...(runId === undefined ? {} : { runId }), ...(since === undefined ? {} : { since }), ...(assets === undefined ? {} : { assets }) };
}

async function runQuery(context: CommandContext, logsDir: string): Promise<number> {
  const sql = context.positionals.slice(1).join(" ").trim();
  if (sql === "") throw new UsageError('No SQL given. Fix: lakeform logs query "select level, count(*) from logs group by level".');
  let rows: Record<string, unknown>[];
  try {
    rows = await queryRunLogs(logsDir, sql);
  } catch (error) {
    if (error instanceof LakeformError) throw error;
    throw new LakeformError(`Query failed: ${duckdbReason(error)}. Fix: correct the SQL; the table is \`logs\` (time, level, message, run_id, tick_id, asset, partition, event, status, rows, duration_ms).`);
  }
  if (context.json) writeJson(context.io, rows);
  else {
    const columns = Object.keys(rows[0] ?? {});
    context.io.stdout(rows.length === 0 ? "(no rows)" : textTable(columns.map((c) => c.toUpperCase()), rows.map((r) => columns.map((c) => (r[c] === null ? "" : String(r[c]))))));
  }
  return ExitCode.ok;
}

/**
 * `lakeform logs [selection] [--run ID] [--since 1h] [--follow]`: runs' structured logs from the
 * logs tier; `lakeform logs query "<sql>"`: DuckDB SQL over them, read-only, as the table `logs`.
 */
export const logsCommand: Command = {
  name: "logs",
  summary: 'Show runs\' logs (by asset selection, run, age), follow them, or query them: lakeform logs query "select …from logs"',
  usage: 'lakeform logs [selection] [--run ID] [--since 1h] [--follow [--for 10m]] [--now ISO] [--env NAME] [--json] | lakeform logs query "<sql>"',
  options: {
    run: { type: "string", value: "ID", description: "only the lines of this run" },
    since: { type: "string", value: "WHEN", description: "only lines since a duration ago (1h, 2d) or an ISO instant" },
    follow: { type: "boolean", description: "keep printing new lines as runs write them, until Ctrl-C" },
    for: { type: "string", value: "DURATION", description: "with --follow, stop after this long (e.g. 10m)" },
    now: { type: "string", value: "ISO", description: "the instant --since counts back from (default: now)" },
  },
  async run(context) {
    const logsDir = commandWorkspace(context).logsDir;
    if (context.positionals[0] === "query") return runQuery(context, logsDir);
    const filter = await filterOf(context);
    if (context.values.follow !== true) {
      const lines = readRunLogs(logsDir, filter);
      if (context.json) writeJson(context.io, lines);
      else if (lines.length === 0) context.io.stderr("No log lines match. Runs write their logs when they run: `lakeform materialize` or `lakeform tick`.");
      else for (const line of lines) context.io.stdout(formatLogLine(line));
      return ExitCode.ok;
    }
    const forText = stringOption(context, "for");
    const forMs = forText === undefined ? undefined : parseDuration(forText);
    if (forText !== undefined && forMs === undefined) throw new UsageError(`--for "${forText}" is not a duration. Fix: e.g. --for 10m.`);
    const deadline = forMs === undefined ? undefined : Date.now() + forMs;
    let interrupted = false;
    const onSignal = () => {
      interrupted = true;
    };
    process.once("SIGINT", onSignal);
    try {
      await followRunLogs(logsDir, filter, (line) => context.io.stdout(context.json ? JSON.stringify(line) : formatLogLine(line)), {
        sleep: () => new Promise((resolve) => setTimeout(resolve, FOLLOW_INTERVAL_MS)),
        stop: () => interrupted || (deadline !== undefined && Date.now() >= deadline),
      });
    } finally {
      process.off("SIGINT", onSignal);
    }
    return ExitCode.ok;
  },
};
