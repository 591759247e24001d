/** Process exit codes of the `lakeform` command, documented in docs/cli.md. */
export const ExitCode = Object.freeze({
  /** The command did what was asked. */
  ok: 0,
  /** The catalog is invalid, or the command found failures (failed checks, failed runs). */
  failed: 1,
  /** The command line is wrong: unknown command or option, bad selection, selection matching nothing. */
  usage: 2,
  /** The catalog module could not be loaded (not found, does not compile, throws, no default export). */
  catalog: 3,
  /** `materialize`: nothing failed, but some steps are waiting for data that has not landed; nothing was published for them. */
  waiting: 4,
});
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
