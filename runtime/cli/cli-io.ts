import { printable, printableJson } from "../core/printable.ts";

/** Where a command writes: injectable so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Whether stdout is a terminal (progress bars, colours). */
  readonly isTty: boolean;
}

/** The real process's streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    cwd: process.cwd(),
    isTty: process.stdout.isTTY === true,
  };
}

/**
 * `io` with control characters escaped in everything written (see {@link printable}): the one
 * place text meets the terminal, so a value from landed data cannot drive it. JSON written by
 * {@link writeJson} is unchanged by it.
 */
export function printableIo(io: CliIo): CliIo {
  return { ...io, stdout: (text) => io.stdout(printable(text)), stderr: (text) => io.stderr(printable(text)) };
}

/** Writes `value` as pretty JSON on stdout (every control character as a `\u` escape). */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout(printableJson(JSON.stringify(value, null, 2)));
}
