import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { logFileOf } from "../logs/log-partitions.ts";
import type { RunEvent } from "./run-event.ts";

/** Where OpenLineage events go. */
export interface LineageTransport {
  readonly name: string;
  send(event: RunEvent): Promise<void>;
}

/**
 * Events as JSON lines in the logs tier, partitioned by the event's date:
 * `<logsDir>/openlineage/dt=YYYY-MM-DD/<runId>.jsonl`, one file per Lakeform run.
 */
export function fileTransport(logsDir: string, fileName: (event: RunEvent) => string): LineageTransport {
  return {
    name: "file",
    async send(event) {
      const file = logFileOf(logsDir, "openlineage", new Date(event.eventTime), fileName(event));
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      appendFileSync(file, `${JSON.stringify(event)}\n`, { mode: 0o600 });
    },
  };
}

/** Events as JSON lines to `write` (stdout in the CLI). */
export function consoleTransport(write: (line: string) => void): LineageTransport {
  return {
    name: "console",
    async send(event) {
      write(JSON.stringify(event));
    },
  };
}
