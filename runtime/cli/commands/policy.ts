import { readFileSync } from "node:fs";
import { collectResources } from "../../../policies/collect/collect-resources.ts";
import { formatReport, REPORT_FORMATS, type ReportFormat } from "../../../policies/report/format-report.ts";
import { fails } from "../../../policies/report/policy-report.ts";
import { readStackFile, StackFileError } from "../../../infra/plan/read-stack-file.ts";
import { StackConfigError } from "../../../infra/plan/stack-schema.ts";
import type { Environment } from "../../../infra/plan/environment.ts";
import { writeJson } from "../cli-io.ts";
import { stringOption, type Command, type CommandContext } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { loadDeclarations } from "../load-catalog.ts";
import { commandWorkspace, environmentOf } from "../open-command-runtime.ts";
import { observedProfiles } from "../policy/observed-profiles.ts";
import { formatRuleList } from "../policy/format-rule-list.ts";
import { policyRules } from "../policy/policy-rules.ts";
import { readBaseline } from "../policy/read-baseline.ts";
import { runPolicyCheck } from "../policy/run-policy-check.ts";
import { UsageError } from "../usage-error.ts";

const VERSION = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** The stack's environment from `Pulumi.<stack>.yaml`; a missing or invalid stack file is a usage error listing every problem. */
function stackEnvironment(context: CommandContext, stack: string): Environment {
  try {
    return readStackFile(context.io.cwd, stack);
  } catch (error) {
    if (error instanceof StackFileError || error instanceof StackConfigError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

function formatOf(context: CommandContext): ReportFormat {
  const format = stringOption(context, "format") ?? (context.json ? "json" : "text");
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${format} is not a report format. Fix: use one of ${REPORT_FORMATS.join(", ")}.`);
  return format as ReportFormat;
}

/** The stack's local workspace, if the stack's name is a workspace name (profiles are read from it). */
function localWorkspace(context: CommandContext, stack: string) {
  try {
    return commandWorkspace({ ...context, values: { ...context.values, env: stack } });
  } catch {
    return undefined;
  }
}

async function check(context: CommandContext): Promise<number> {
  const stack = stringOption(context, "stack") ?? environmentOf(context);
  const format = formatOf(context);
  const environment = stackEnvironment(context, stack);
  const baselineFile = stringOption(context, "baseline");
  const baseline = baselineFile === undefined ? undefined : readBaseline(context.io.cwd, baselineFile);
  const declarations = await loadDeclarations(context.catalog, context.io.cwd, context.config.catalogTimeoutMs);
  const workspace = localWorkspace(context, stack);
  const report = await runPolicyCheck({
    declarations,
    environment,
    ...(baseline === undefined ? {} : { baseline }),
    cwd: context.io.cwd,
    ...(workspace === undefined ? {} : { profiles: (graph) => observedProfiles(graph, workspace) }),
    ...(context.values["skip-resources"] === true ? {} : { resources: () => collectResources(context.io.cwd, stack) }),
  });
  context.io.stdout(formatReport(report, format, VERSION));
  return fails(report) ? ExitCode.failed : ExitCode.ok;
}

function list(context: CommandContext): number {
  const stack = stringOption(context, "stack") ?? environmentOf(context);
  const environment = stackEnvironment(context, stack);
  const rules = policyRules(environment.cloud).map((rule) => ({ ...rule, level: environment.policies?.[rule.id] ?? rule.defaultLevel }));
  if (context.json) writeJson(context.io, { stack, rules });
  else context.io.stdout(formatRuleList(stack, rules));
  return ExitCode.ok;
}

/**
 * `lakeform policy check [--stack NAME] [--baseline PLAN.json] [--format text|json|github|junit|sarif]`:
 * the governance gate of a stack, for CI (no cloud credentials, no Pulumi CLI);
 * `lakeform policy list [--stack NAME]`: every rule, its level in the stack, and how to waive it.
 */
export const policyCommand: Command = {
  name: "policy",
  summary: "check: run the governance rules (assets, schema compatibility, resources) on a stack, for CI; list: the rules and their levels",
  usage: "lakeform policy check [--stack NAME] [--baseline PLAN.json] [--format text|json|github|junit|sarif] [--skip-resources] [--catalog <module>] | lakeform policy list [--stack NAME] [--json]",
  options: {
    stack: { type: "string", value: "NAME", description: "the stack whose Pulumi.<NAME>.yaml (in the working directory) sets rule levels and the environment (default: --env, else LAKEFORM_ENV, else dev)" },
    baseline: { type: "string", value: "PLAN.json", description: "check schema compatibility against a plan saved by `lakeform plan --json` (e.g. on main)" },
    format: { type: "string", value: "FORMAT", description: "text (default), json, github (workflow annotations), junit (XML) or sarif (2.1.0, for code scanning)" },
    "skip-resources": { type: "boolean", description: "do not run the stack's Pulumi program under mocks: asset and compatibility rules only (faster, for local use)" },
  },
  exitCodes: ["1  also: a mandatory rule has a finding that no waiver silences", "2  also: a missing or invalid stack file or --baseline plan, or lakeform:policies naming an unknown rule"],
  async run(context) {
    const [action, ...rest] = context.positionals;
    if (rest.length > 0 || (action !== "check" && action !== "list")) {
      throw new UsageError(`\`lakeform policy ${context.positionals.join(" ")}\` is not a policy command. Fix: run \`lakeform policy check\` or \`lakeform policy list\`.`);
    }
    return action === "check" ? check(context) : list(context);
  },
};
