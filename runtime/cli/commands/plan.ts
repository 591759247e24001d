import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { compile } from "../../../infra/plan/compile.ts";
import { diffPlans } from "../../../infra/plan/diff-plans.ts";
import type { Environment } from "../../../infra/plan/environment.ts";
import type { PlanUsage } from "../../../infra/plan/estimate-cost.ts";
import { parsePlanJson, PlanFileError } from "../../../infra/plan/parse-plan-json.ts";
import type { PlanDiff } from "../../../infra/plan/plan-diff.ts";
import type { PlatformPlan } from "../../../infra/plan/platform-plan.ts";
import { readStackFile, StackFileError } from "../../../infra/plan/read-stack-file.ts";
import { StackConfigError } from "../../../infra/plan/stack-schema.ts";
import type { AssetGraph } from "../../core/graph/asset-graph.ts";
import { writeJson } from "../cli-io.ts";
import { stringOption, type Command, type CommandContext } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { commandGraph, commandWorkspace, environmentOf } from "../open-command-runtime.ts";
import { observedUsage } from "../plan/observed-usage.ts";
import { describeDestroyed, renderPlanDiff } from "../plan/render-plan-diff.ts";
import { renderPlan } from "../plan/render-plan.ts";
import { UsageError } from "../usage-error.ts";

/** The stack's environment from `Pulumi.<stack>.yaml`; a missing or invalid stack file is a usage error listing every problem. */
function stackEnvironment(context: CommandContext, stack: string): Environment {
  try {
    return readStackFile(context.io.cwd, stack);
  } catch (error) {
    if (error instanceof StackFileError || error instanceof StackConfigError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/** The previous plan of `--diff`: unreadable, not JSON, not a plan or of another format is a usage error naming the file. */
function previousPlan(context: CommandContext, file: string): PlatformPlan {
  let text: string;
  try {
    text = readFileSync(resolve(context.io.cwd, file), "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(error as Error).message})`;
    throw new UsageError(`--diff ${file} ${reason}. Fix: pass the output of \`lakeform plan --stack <stack> --json\` saved from the base branch, e.g. git checkout main && lakeform plan --stack prod --json > main-plan.json.`);
  }
  try {
    return parsePlanJson(text, file);
  } catch (error) {
    if (error instanceof PlanFileError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

function diffWith(previous: PlatformPlan, next: PlatformPlan, file: string): PlanDiff {
  try {
    return diffPlans(previous, next);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new UsageError(`${file} is not a complete Lakeform plan (${error.message}). Fix: produce it again with \`lakeform plan --stack <stack> --json\` and the same Lakeform version.`, { cause: error });
  }
}

/** Sizes observed by the local workspace named like the stack, if there is one (see {@link observedUsage}). */
async function localUsage(context: CommandContext, stack: string, graph: AssetGraph): Promise<PlanUsage | undefined> {
  let workspace;
  try {
    workspace = commandWorkspace({ ...context, values: { ...context.values, env: stack } });
  } catch {
    return undefined; // a stack name that is no workspace name has no local workspace
  }
  return observedUsage(graph, workspace);
}

/** `lakeform plan [--stack NAME] [--json] [--diff PREVIOUS.json] [--fail-on-destroy]`: the PlatformPlan of a stack, for people, machines and code review. */
export const planCommand: Command = {
  name: "plan",
  summary: "Show what a stack's environment needs (per asset: prefix, table, grants, compute, retention) and its monthly cost, or diff it",
  usage: "lakeform plan [--stack NAME] [--diff PREVIOUS.json] [--fail-on-destroy] [--catalog <module>] [--json]",
  options: {
    stack: { type: "string", value: "NAME", description: "the stack whose Pulumi.<NAME>.yaml (in the working directory) configures the environment (default: --env, else LAKEFORM_ENV, else dev)" },
    diff: { type: "string", value: "PREVIOUS.json", description: "compare with a plan saved by `lakeform plan --json` (e.g. on main): added, removed and changed assets, resources, grants and cost" },
    "fail-on-destroy": { type: "boolean", description: "with --diff: exit 1 when a protected resource holding data would be removed or replaced" },
  },
  exitCodes: ["1  also with --fail-on-destroy: a protected resource holding data would be removed or replaced", "2  also: a missing or invalid stack file, or an unreadable --diff plan"],
  async run(context) {
    const { io, json } = context;
    const stack = stringOption(context, "stack") ?? environmentOf(context);
    const file = stringOption(context, "diff");
    const failOnDestroy = context.values["fail-on-destroy"] === true;
    if (failOnDestroy && file === undefined) throw new UsageError("--fail-on-destroy needs a plan to compare with. Fix: add --diff PREVIOUS.json (the output of `lakeform plan --json` on the base branch).");
    const environment = stackEnvironment(context, stack);
    const previous = file === undefined ? undefined : previousPlan(context, file);
    const graph = await commandGraph(context);
    const usage = await localUsage(context, stack, graph);
    const plan = compile(graph, environment, usage);
    if (previous === undefined || file === undefined) {
      if (json) writeJson(io, plan);
      else io.stdout(renderPlan(plan));
      return ExitCode.ok;
    }
    const diff = diffWith(previous, plan, file);
    if (json) writeJson(io, diff);
    else io.stdout(renderPlanDiff(diff));
    if (failOnDestroy && diff.destroysProtectedData.length > 0) {
      io.stderr(`✗ --fail-on-destroy: ${diff.destroysProtectedData.length} protected resource${diff.destroysProtectedData.length === 1 ? "" : "s"} holding data would be removed or replaced:\n${describeDestroyed(diff.destroysProtectedData).map((l) => ` - ${l}`).join("\n")}`);
      return ExitCode.failed;
    }
    return ExitCode.ok;
  },
};
