import type { Command, CommandOption } from "./command.ts";
import { DEFAULT_CATALOG } from "./load-catalog.ts";

/** Options every command accepts, with what `--help` says of them. */
export const GLOBAL_OPTIONS = {
  catalog: { type: "string", value: "<module>", description: `the module whose default export holds the declarations (default: ${DEFAULT_CATALOG})` },
  env: { type: "string", value: "<name>", description: "the environment (workspace .lakeform/<name>/; default: LAKEFORM_ENV or dev)" },
  json: { type: "boolean", description: "machine-readable output on stdout" },
  reinitialise: { type: "boolean", description: "start a new, empty state store when it is missing, empty or unreadable although the workspace holds data files (which it then no longer sees)" },
  help: { type: "boolean", short: "h", description: "this help, or a command's" },
} as const satisfies Record<string, CommandOption>;

/** The short form of the selection syntax, in `lakeform help` and the help of commands that take one. */
export const SELECTION_HELP = `Selections (as Dagster's; \`lakeform help select\` for more):
  clean/orders           one asset          raw/*          keys matching a glob (** crosses /)
  +clean/orders          with all upstream  2+clean/orders with two levels of upstream
  clean/orders+          with all downstream
  tag:pii  group:sales  owner:team:growth  tier:curated  kind:source  *
  combine with: a b | a, b | a or b (union), a and b, not a, ( ... )`;

/** `lakeform help select`: the selection language in full. */
export const SELECT_HELP = `Selections choose assets by key, by attribute and by their place in the graph (as Dagster's).
A command that takes selections accepts any number of them, combined as a union; none selects
every asset. A selection that matches nothing is a usage error (exit 2). Quote selections that
hold spaces, parentheses or * for the shell.

  clean/orders              that asset (an unknown key is an error with "did you mean")
  raw/*  sales/**           keys matching a glob: * within a segment, ** across /
  key:clean/orders          the same as clean/orders
  +clean/orders             with all its upstream (including what its checks read)
  2+clean/orders            with two levels of upstream
  clean/orders+             with all its downstream
  clean/orders+1            with one level of downstream
  +(tag:pii)+               upstream and downstream of a whole expression
  tag:pii                   assets with that tag
  group:sales               assets of that group
  owner:team:growth         assets with that owner
  tier:curated              assets of that tier (raw, clean, curated)
  kind:source               sources (kind:asset: computed assets)
  *                         everything

Combine them (loosest first):
  a b    a, b    a or b     union
  a and b                   intersection
  not a                     complement
  ( ... )                   grouping

Examples:
  lakeform list "tag:pii and not tier:raw"
  lakeform materialize "+curated/daily_revenue" --partition 2024-01-05
  lakeform status "group:sales or owner:team:growth"`;

/** What every command may exit with; a command adds its own (`Command.exitCodes`). */
const COMMON_EXIT_CODES = ["0  ok", "1  invalid catalog or failures", "2  usage error, or a bad LAKEFORM_* variable", "3  the catalog failed to load"];

const WIDTH = 104;

/** `text` wrapped to lines of at most `width` characters (words are never split). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

function optionName(name: string, option: CommandOption): string {
  const short = option.short === undefined ? "" : `-${option.short}, `;
  return `${short}--${name}${option.type === "string" ? ` ${option.value ?? "VALUE"}` : ""}`;
}

/** One line (or more, wrapped) per option: its name, then its description in a column. */
export function optionLines(options: Readonly<Record<string, CommandOption>>): string[] {
  const names = Object.entries(options).map(([name, option]) => [optionName(name, option), option.description] as const);
  const column = Math.max(18, ...names.map(([name]) => name.length)) + 4;
  return names.flatMap(([name, description]) => wrap(description, WIDTH - column).map((line, i) => `${i === 0 ? `  ${name}`.padEnd(column) : " ".repeat(column)}${line}`));
}

/** `lakeform help`: the commands, the global options, selections and exit codes. */
export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "lakeform — declare data assets in TypeScript; validate, trace and materialise them.",
    "",
    "Usage: lakeform <command> [selection...] [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    SELECTION_HELP,
    "",
    "Exit codes: 0 ok · 1 invalid catalog or failures · 2 usage error or a bad LAKEFORM_* variable · 3 catalog failed to load · 4 materialize: some data is waiting (not landed)",
    "",
    "`lakeform help <command>` shows a command's options; docs/configuration.md lists the LAKEFORM_* variables.",
  ].join("\n");
}

/** `lakeform <command> --help` and `lakeform help <command>`: summary, usage, options, exit codes. */
export function commandHelp(command: Command): string {
  const own = Object.keys(command.options).length === 0 ? ["  (none)"] : optionLines(command.options);
  const selection = command.usage.includes("selection") ? ["", SELECTION_HELP] : [];
  return [
    command.summary,
    "",
    `Usage: ${command.usage}`,
    "",
    "Options:",
    ...own,
    "",
    "Global options:",
    ...optionLines(GLOBAL_OPTIONS),
    ...selection,
    "",
    "Exit codes:",
    ...[...COMMON_EXIT_CODES, ...(command.exitCodes ?? [])].map((code) => `  ${code}`),
  ].join("\n");
}
