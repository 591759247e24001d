import type { ParseArgsConfig } from "node:util";
import type { CliIo } from "./cli-io.ts";

/** The parsed command line a command runs with. */
export interface CommandContext {
  readonly io: CliIo;
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  /** The `--catalog` module path. */
  readonly catalog: string;
  readonly json: boolean;
}

/** One `lakeform <name>` command. */
export interface Command {
  readonly name: string;
  /** One line for `lakeform help`. */
  readonly summary: string;
  /** The synopsis, e.g. `lakeform list [selection] [--json]`. */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig["options"]>;
  run(context: CommandContext): Promise<number>;
}

/** The value of a string option, or undefined when it was not given. */
export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === "string" ? value : undefined;
}
