/** How much a log line matters. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * One line of a run's log, as written to the logs tier (JSON, snake_case so SQL reads it
 * as-is): every line names its run, the tick that launched it, and the asset and partition it
 * is about (null for lines about the whole run).
 */
export interface RunLogLine {
  /** ISO-8601 instant. */
  readonly time: string;
  readonly level: LogLevel;
  readonly message: string;
  readonly run_id: string;
  readonly tick_id: string | null;
  readonly asset: string | null;
  /** The partition key; `""` for an unpartitioned asset, null for lines about the whole run. */
  readonly partition: string | null;
  /** What happened: `run_started`, `step_started`, `step_finished`, `run_finished`. */
  readonly event: string;
  /** The step's or run's outcome, on `step_finished` and `run_finished`. */
  readonly status: string | null;
  readonly rows: number | null;
  readonly duration_ms: number | null;
}

/** The columns of {@link RunLogLine} with their DuckDB types, for `read_json`. */
export const RUN_LOG_COLUMNS: Readonly<Record<keyof RunLogLine, string>> = Object.freeze({
  time: "TIMESTAMPTZ",
  level: "VARCHAR",
  message: "VARCHAR",
  run_id: "VARCHAR",
  tick_id: "VARCHAR",
  asset: "VARCHAR",
  partition: "VARCHAR",
  event: "VARCHAR",
  status: "VARCHAR",
  rows: "BIGINT",
  duration_ms: "DOUBLE",
});

/** A parsed line, or undefined when it is not one (a torn last line of a file being written). */
export function parseRunLogLine(text: string): RunLogLine | undefined {
  try {
    const value = JSON.parse(text) as Partial<RunLogLine>;
    return typeof value.time === "string" && typeof value.run_id === "string" && typeof value.message === "string" ? (value as RunLogLine) : undefined;
  } catch {
    return undefined;
  }
}
