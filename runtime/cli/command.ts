import type { ParseArgsConfig } from "node:util";
import type { RuntimeConfig } from "../config/runtime-config.ts";
import type { CliIo } from "./cli-io.ts";

/** The parsed command line a command runs with. */
export interface CommandContext {
  readonly io: CliIo;
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  /** The `--catalog` module path. */
  readonly catalog: string;
  readonly json: boolean;
  /** The `LAKEFORM_*` variables, parsed once by `main`. */
  readonly config: RuntimeConfig;
  /** The environment `main` was started with: where secrets a declaration names (`env("APP_DATABASE_URL")`) are read. @default none */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * One option of a command: how `parseArgs` reads it, and how `--help` shows it.
 * @example { type: "string", value: "KEY", description: "the partition to show (default: the latest)" }
 */
export type CommandOption = NonNullable<ParseArgsConfig["options"]>[string] & {
  /** What the option does, one line without a trailing full stop; `--help` prints it. */
  readonly description: string;
  /** The placeholder of a string option's value in `--help`, e.g. `KEY`. @default "VALUE" */
  readonly value?: string;
};

/** One `lakeform <name>` command. */
export interface Command {
  readonly name: string;
  /** One line for `lakeform help`. */
  readonly summary: string;
  /** The synopsis, e.g. `lakeform list [selection] [--json]`. */
  readonly usage: string;
  readonly options: Readonly<Record<string, CommandOption>>;
  /** Exit codes of this command beyond 0–3, e.g. `["4  some data is waiting …"]`. @default none */
  readonly exitCodes?: readonly string[];
  run(context: CommandContext): Promise<number>;
}

/** The value of a string option, or undefined when it was not given. */
export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === "string" ? value : undefined;
}
