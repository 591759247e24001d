import { parseArgs } from "node:util";
import { didYouMean } from "./core/did-you-mean.ts";
import { AssetGraphError, LakeformError, SelectionError } from "./core/errors.ts";
import { formatProblem } from "./core/problem.ts";
import { printableIo, processIo, writeJson, type CliIo } from "./cli/cli-io.ts";
import type { Command } from "./cli/command.ts";
import { lineageCommand } from "./cli/commands/lineage.ts";
import { listCommand } from "./cli/commands/list.ts";
import { validateCommand } from "./cli/commands/validate.ts";
import { materializeCommand } from "./cli/commands/materialize.ts";
import { statusCommand } from "./cli/commands/status.ts";
import { checksCommand } from "./cli/commands/checks.ts";
import { profileCommand } from "./cli/commands/profile.ts";
import { historyCommand } from "./cli/commands/history.ts";
import { queryCommand } from "./cli/commands/query.ts";
import { freshnessCommand } from "./cli/commands/freshness.ts";
import { tickCommand } from "./cli/commands/tick.ts";
import { daemonCommand } from "./cli/commands/daemon.ts";
import { whyCommand } from "./cli/commands/why.ts";
import { gcCommand } from "./cli/commands/gc.ts";
import { piiCommand } from "./cli/commands/pii.ts";
import { verifyCommand } from "./cli/commands/verify.ts";
import { ExitCode } from "./cli/exit-codes.ts";
import { DEFAULT_CATALOG } from "./cli/load-catalog.ts";
import { CatalogLoadError, UsageError } from "./cli/usage-error.ts";
import { commandDiskFullError } from "./storage/disk-full.ts";

/** Every `lakeform` command, in the order `lakeform help` lists them. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  listCommand,
  lineageCommand,
  materializeCommand,
  statusCommand,
  checksCommand,
  profileCommand,
  historyCommand,
  queryCommand,
  freshnessCommand,
  tickCommand,
  daemonCommand,
  whyCommand,
  gcCommand,
  piiCommand,
  verifyCommand,
];

const GLOBAL_OPTIONS = {
  catalog: { type: "string" },
  env: { type: "string" },
  json: { type: "boolean" },
  reinitialise: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const SELECTION_HELP = `Selections (as Dagster's):
  clean/orders           one asset          raw/*          keys matching a glob (** crosses /)
  +clean/orders          with all upstream  2+clean/orders with two levels of upstream
  clean/orders+          with all downstream
  tag:pii  group:sales  owner:team:growth  tier:curated  kind:source  *
  combine with: a b | a, b | a or b (union), a and b, not a, ( ... )`;

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "lakeform — declare data assets in TypeScript; validate, trace and materialise them.",
    "",
    "Usage: lakeform <command> [selection...] [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    `  --catalog <module>  the module whose default export holds the declarations (default: ${DEFAULT_CATALOG})`,
    "  --env <name>        the environment (workspace .lakeform/<name>/; default: LAKEFORM_ENV or dev)",
    "  --json              machine-readable output on stdout",
    "  --reinitialise      start a new, empty state store when it is missing, empty or unreadable",
    "                      although the workspace holds data files (which it then no longer sees)",
    "  -h, --help          this help, or a command's",
    "",
    SELECTION_HELP,
    "",
    "Exit codes: 0 ok · 1 invalid catalog or failures · 2 usage error · 3 catalog failed to load · 4 materialize: some data is waiting (not landed)",
  ].join("\n");
}

function reportError(io: CliIo, json: boolean, thrown: unknown): number {
  const error = commandDiskFullError(thrown) ?? thrown;
  if (error instanceof AssetGraphError) {
    if (json) writeJson(io, { valid: false, problems: error.problems.map((p) => ({ ...p, text: formatProblem(p) })) });
    else io.stderr(`✗ ${error.message}`);
    return ExitCode.failed;
  }
  const code =
    error instanceof UsageError || error instanceof SelectionError ? ExitCode.usage : error instanceof CatalogLoadError ? ExitCode.catalog : ExitCode.failed;
  const debug = process.env.LAKEFORM_DEBUG === "1";
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const message =
    error instanceof LakeformError
      ? `${error.message}${debug && cause !== undefined ? `\n${cause.stack ?? ""}` : ""}`
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  if (json) writeJson(io, { error: { kind: error instanceof Error ? error.name : "Error", message } });
  else io.stderr(`✗ ${message}`);
  return code;
}

/**
 * Runs `lakeform` with `argv` (without the node and script paths) and returns the exit code.
 * Output goes to `given`, so tests can run commands in-process, with control characters escaped.
 */
export async function main(argv: readonly string[], given: CliIo = processIo()): Promise<number> {
  const io = printableIo(given); // landed data reaches messages: escape control characters
  const json = argv.includes("--json");
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
      const topic = COMMANDS.find((c) => c.name === rest[0]);
      io.stdout(topic === undefined ? helpText() : `${topic.summary}\n\nUsage: ${topic.usage}\n\n${SELECTION_HELP}`);
      return ExitCode.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) {
      const hint = didYouMean(name, COMMANDS.map((c) => c.name));
      throw new UsageError(`Unknown command "${name}". Fix: ${hint ? `${hint} ` : ""}Run \`lakeform help\` for the commands.`);
    }
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`${(error as Error).message.replace(/\.$/, "")}. Fix: see \`lakeform help ${command.name}\`.`);
    }
    const { values, positionals } = parsed;
    if (values.help === true) {
      io.stdout(`${command.summary}\n\nUsage: ${command.usage}`);
      return ExitCode.ok;
    }
    const catalog = typeof values.catalog === "string" ? values.catalog : DEFAULT_CATALOG;
    return await command.run({ io, positionals, values, catalog, json });
  } catch (error) {
    return reportError(io, json, error);
  }
}
