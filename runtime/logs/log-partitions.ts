import { readdirSync } from "node:fs";
import { join } from "node:path";

/** The streams of the logs tier: run logs, and OpenLineage events (the file transport). */
export type LogStream = "runs" | "openlineage";

/** The date partition of an instant, in UTC: `dt=2024-03-01`. */
export function datePartitionOf(at: Date): string {
  return `dt=${at.toISOString().slice(0, 10)}`;
}

/** The folder of one stream: `<logsDir>/runs`. */
export function streamDir(logsDir: string, stream: LogStream): string {
  return join(logsDir, stream);
}

/**
 * The JSON-lines file of `name` (a run id) in the stream's partition of `at`:
 * `<logsDir>/runs/dt=2024-03-01/<runId>.jsonl`.
 */
export function logFileOf(logsDir: string, stream: LogStream, at: Date, name: string): string {
  return join(streamDir(logsDir, stream), datePartitionOf(at), `${name.replace(/[^A-Za-z0-9._-]/g, "_")}.jsonl`);
}

/** A date partition of a stream, with its day (UTC midnight). */
export interface LogPartition {
  readonly dir: string;
  readonly day: Date;
}

/** The stream's date partitions, oldest first (folders not named `dt=YYYY-MM-DD` are not partitions). */
export function logPartitions(logsDir: string, stream: LogStream): LogPartition[] {
  let names: string[];
  try {
    names = readdirSync(streamDir(logsDir, stream));
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const day = /^dt=(\d{4}-\d{2}-\d{2})$/.exec(name)?.[1];
      const date = day === undefined ? undefined : new Date(`${day}T00:00:00Z`);
      return date === undefined || Number.isNaN(date.getTime()) ? [] : [{ dir: join(streamDir(logsDir, stream), name), day: date }];
    })
    .sort((a, b) => a.day.getTime() - b.day.getTime());
}

/** The JSON-lines files of a stream, oldest partition first, files by name within one. */
export function logFiles(logsDir: string, stream: LogStream, since?: Date): string[] {
  const from = since === undefined ? undefined : Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  return logPartitions(logsDir, stream)
    .filter((p) => from === undefined || p.day.getTime() >= from)
    .flatMap((p) => readdirSync(p.dir).filter((f) => f.endsWith(".jsonl")).sort().map((f) => join(p.dir, f)));
}
