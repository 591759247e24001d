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

/** Writes `value` as pretty JSON on stdout. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2));
}
