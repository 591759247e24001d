import { executePlan } from "../../run/execute-plan.ts";
import { planMaterialization, type PartitionRequest } from "../../run/materialization-plan.ts";
import { silentReporter } from "../../run/progress-reporter.ts";
import { writeJson } from "../cli-io.ts";
import { stringOption, type Command, type CommandContext } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { barReporter, lineReporter } from "../reporters.ts";
import { runSummary } from "../run-summary.ts";
import { selectFromArguments } from "../select-from-arguments.ts";
import { UsageError } from "../usage-error.ts";

function partitionRequest(context: CommandContext): PartitionRequest {
  const one = stringOption(context, "partition");
  const from = stringOption(context, "from");
  const to = stringOption(context, "to");
  const all = context.values["all-partitions"] === true;
  const given = [one !== undefined && "--partition", (from !== undefined || to !== undefined) && "--from/--to", all && "--all-partitions"].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(" and ")} exclude each other. Fix: pass one partition, a range, or --all-partitions.`);
  if (one !== undefined) return { kind: "one", key: one };
  if (all) return { kind: "all" };
  if (from !== undefined || to !== undefined) return { kind: "range", from, to };
  return { kind: "latest" };
}

/** `lakeform materialize [selection] [--partition K | --from A --to B | --all-partitions]`. */
export const materializeCommand: Command = {
  name: "materialize",
  summary: "Build the selected assets in dependency order: compute, check, publish",
  usage: "lakeform materialize [selection...] [--partition KEY | --from A --to B | --all-partitions] [--env NAME] [--json]",
  exitCodes: ["4  nothing failed, but some data is waiting (not landed): nothing was published for it"],
  options: {
    partition: { type: "string", value: "KEY", description: "build this partition; a time key of another granularity names a span (2024-01-05: the 24 hours of an hourly asset)" },
    from: { type: "string", value: "KEY", description: "the first partition of a range, built as one run (without --to: up to each asset's latest completed partition)" },
    to: { type: "string", value: "KEY", description: "the last partition of a range (without --from: from each asset's first partition)" },
    "all-partitions": { type: "boolean", description: "every partition that should exist by now, from each asset's start (default without a partition option: each asset's latest completed window)" },
  },
  async run(context) {
    const { io, json, positionals } = context;
    const request = partitionRequest(context);
    return withRuntime(context, async (runtime, graph) => {
      const keys = selectFromArguments(graph, positionals);
      const plan = planMaterialization(graph, positionals.join(" ") || "*", keys, request, runtime.now());
      if (plan.steps.length === 0) throw new UsageError("No partition to materialise: the selected assets have no completed partition yet. Fix: pass --partition, --from/--to or --all-partitions.");
      const reporter = json ? silentReporter : io.isTty ? barReporter(io, (text) => process.stdout.write(text)) : lineReporter(io);
      const report = await executePlan(runtime, plan, reporter);
      if (json) writeJson(io, report);
      else io.stdout(runSummary(report));
      return report.totals.failed + report.totals.blocked + report.totals.skipped > 0 ? ExitCode.failed : report.totals.waiting > 0 ? ExitCode.waiting : ExitCode.ok;
    });
  },
};
