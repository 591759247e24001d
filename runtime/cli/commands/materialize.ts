import { executePlan } from "../../run/execute-plan.ts";
import { planMaterialization, type PartitionRequest } from "../../run/materialization-plan.ts";
import { silentReporter } from "../../run/progress-reporter.ts";
import { writeJson } from "../cli-io.ts";
import type { Command, CommandContext } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { barReporter, lineReporter } from "../reporters.ts";
import { runSummary } from "../run-summary.ts";
import { selectFromArguments } from "../select-from-arguments.ts";
import { UsageError } from "../usage-error.ts";

function partitionRequest({ values }: CommandContext): PartitionRequest {
  const one = values.partition;
  const from = values.from;
  const to = values.to;
  if (typeof one === "string") {
    if (from !== undefined || to !== undefined) throw new UsageError("--partition and --from/--to exclude each other. Fix: pass one partition, or a range.");
    return { kind: "one", key: one };
  }
  if (typeof from === "string" || typeof to === "string") {
    if (typeof from !== "string" || typeof to !== "string") throw new UsageError("A range needs both --from and --to. Fix: e.g. --from 2024-01-01 --to 2024-01-31.");
    return { kind: "range", from, to };
  }
  return { kind: "latest" };
}

/** `lakeform materialize [selection] [--partition K | --from A --to B]`. */
export const materializeCommand: Command = {
  name: "materialize",
  summary: "Build the selected assets in dependency order: compute, check, publish",
  usage: "lakeform materialize [selection...] [--partition KEY | --from A --to B] [--env NAME] [--json]",
  options: { partition: { type: "string" }, from: { type: "string" }, to: { type: "string" } },
  async run(context) {
    const { io, json, positionals } = context;
    const request = partitionRequest(context);
    return withRuntime(context, async (runtime, graph) => {
      const keys = selectFromArguments(graph, positionals);
      const plan = planMaterialization(graph, positionals.join(" ") || "*", keys, request, runtime.now());
      if (plan.steps.length === 0) throw new UsageError("No partition to materialise: the selected assets have no completed partition yet. Fix: pass --partition or --from/--to.");
      const reporter = json ? silentReporter : io.isTty ? barReporter(io, (text) => process.stdout.write(text)) : lineReporter(io);
      const report = await executePlan(runtime, plan, reporter);
      if (json) writeJson(io, report);
      else io.stdout(runSummary(report));
      return report.totals.failed + report.totals.blocked + report.totals.skipped === 0 ? ExitCode.ok : ExitCode.failed;
    });
  },
};
