import { spawn } from "node:child_process";
import { printable } from "../core/printable.ts";
import { LakeformError } from "../core/errors.ts";
import type { Alert } from "./alert.ts";
import { alertText, type AlertSink } from "./alert-sink.ts";

/** Writes one line per alert to `write` (standard output by default, control characters escaped). */
export function stdoutSink(write: (line: string) => void = (line) => process.stdout.write(`${printable(line)}\n`)): AlertSink {
  return {
    name: "stdout",
    async send(alerts) {
      for (const alert of alerts) write(alertText(alert));
    },
  };
}

/**
 * Runs a shell command per batch with the alerts as JSON on its standard input
 * (`[{ asset, partition, kind, level, previous, change, message, owners, at }]`).
 */
export function commandSink(command: string): AlertSink {
  return {
    name: `command ${command}`,
    send(alerts: readonly Alert[]) {
      if (alerts.length === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const child = spawn(command, { shell: true, stdio: ["pipe", "inherit", "inherit"] });
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new LakeformError(`Alert command "${command}" exited with ${code}. Fix: run it by hand with the alerts JSON on stdin.`))));
        child.stdin.end(JSON.stringify(alerts));
      });
    },
  };
}
