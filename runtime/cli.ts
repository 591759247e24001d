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
import { planCommand } from "./cli/commands/plan.ts";
import { policyCommand } from "./cli/commands/policy.ts";
import { catalogCommand } from "./cli/commands/catalog.ts";
import { renderCommand } from "./cli/commands/render.ts";
import { logsCommand } from "./cli/commands/logs.ts";
import { uiCommand } from "./cli/commands/ui.ts";
import { ExitCode } from "./cli/exit-codes.ts";
import { commandHelp, GLOBAL_OPTIONS, mainHelp, SELECT_HELP } from "./cli/help-text.ts";
import { DEFAULT_CATALOG } from "./cli/load-catalog.ts";
import { CatalogLoadError, UsageError } from "./cli/usage-error.ts";
import { commandDiskFullError } from "./storage/disk-full.ts";
import { ConfigError, runtimeConfigFrom } from "./config/runtime-config.ts";

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
  logsCommand,
  queryCommand,
  freshnessCommand,
  tickCommand,
  daemonCommand,
  whyCommand,
  gcCommand,
  piiCommand,
  verifyCommand,
  planCommand,
  policyCommand,
  catalogCommand,
  renderCommand,
  uiCommand,
];

function reportError(io: CliIo, json: boolean, debug: boolean, thrown: unknown): number {
  const error = commandDiskFullError(thrown) ?? thrown;
  if (error instanceof AssetGraphError) {
    if (json) writeJson(io, { valid: false, problems: error.problems.map((p) => ({ ...p, text: formatProblem(p) })) });
    else io.stderr(`✗ ${error.message}`);
    return ExitCode.failed;
  }
  const code =
    error instanceof UsageError || error instanceof SelectionError || error instanceof ConfigError ? ExitCode.usage : error instanceof CatalogLoadError ? ExitCode.catalog : ExitCode.failed;
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

/** Topics of `lakeform help <topic>` besides the commands. */
const SELECT_TOPICS = new Set(["select", "selection", "selections"]);

/**
 * Runs `lakeform` with `argv` (without the node and script paths) and returns the exit code.
 * Output goes to `given`, so tests can run commands in-process, with control characters escaped.
 * The `LAKEFORM_*` variables of `env` are parsed once, into the `RuntimeConfig` commands get.
 */
export async function main(argv: readonly string[], given: CliIo = processIo(), env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const io = printableIo(given); // landed data reaches messages: escape control characters
  const json = argv.includes("--json");
  let debug = false;
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
      const topic = rest[0];
      const command = COMMANDS.find((c) => c.name === topic);
      if (topic !== undefined && command === undefined && !SELECT_TOPICS.has(topic)) {
        const hint = didYouMean(topic, [...COMMANDS.map((c) => c.name), "select"]);
        throw new UsageError(`There is no help on "${topic}". Fix: ${hint ? `${hint} ` : ""}Run \`lakeform help\` for the commands.`);
      }
      io.stdout(command !== undefined ? commandHelp(command) : topic !== undefined ? SELECT_HELP : mainHelp(COMMANDS));
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
      io.stdout(commandHelp(command));
      return ExitCode.ok;
    }
    const config = runtimeConfigFrom(env);
    debug = config.debug;
    const catalog = typeof values.catalog === "string" ? values.catalog : DEFAULT_CATALOG;
    return await command.run({ io, positionals, values, catalog, json, config, env });
  } catch (error) {
    return reportError(io, json, debug, error);
  }
}
