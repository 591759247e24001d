import { DuckDBInstance } from "@duckdb/node-api";
import { assertReadOnly } from "../engines/duckdb/query-sandbox.ts";
import { stringLiteral } from "../engines/duckdb/sql-literals.ts";
import { logFiles, streamDir } from "./log-partitions.ts";
import { RUN_LOG_COLUMNS } from "./run-log-line.ts";

/**
 * Runs `sql` read-only over the run logs, as the table `logs` (columns of `RunLogLine`; `time`
 * a TIMESTAMPTZ), in a DuckDB instance of its own: only SELECT statements, external access off
 * except the logs' own folder, the configuration locked, the session in UTC — as `lakeform
 * query`'s sandbox.
 *
 * @example await queryRunLogs(workspace.logsDir, "select level, count(*) from logs group by level")
 */
export async function queryRunLogs(logsDir: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "256MB", autoinstall_known_extensions: "false", autoload_known_extensions: "false" });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await assertReadOnly(connection, sql);
    const columns = Object.entries(RUN_LOG_COLUMNS);
    const files = logFiles(logsDir, "runs");
    if (files.length === 0) {
      await connection.run(`create view logs as select ${columns.map(([name, type]) => `null::${type} as ${name}`).join(", ")} where false`);
    } else {
      const spec = `{${columns.map(([name, type]) => `${stringLiteral(name)}: ${stringLiteral(type)}`).join(", ")}}`;
      await connection.run(`create view logs as select * from read_json([${files.map(stringLiteral).join(", ")}], format = 'newline_delimited', columns = ${spec}, ignore_errors = true)`);
    }
    await connection.run(`set allowed_directories = [${stringLiteral(`${streamDir(logsDir, "runs")}/`)}]`);
    await connection.run("set enable_external_access = false");
    await connection.run("set lock_configuration = true");
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
