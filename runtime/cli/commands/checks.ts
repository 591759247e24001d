import { writeJson } from "../cli-io.ts";
import type { Command, CommandContext } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { partitionOption } from "../partition-option.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { textTable } from "../text-table.ts";
import { UsageError } from "../usage-error.ts";

/** The single asset key a per-asset command takes. */
export function assetArgument(context: CommandContext, command: string): string {
  const [key, ...rest] = context.positionals;
  if (key === undefined || rest.length > 0) throw new UsageError(`\`lakeform ${command}\` takes one asset key. Fix: e.g. lakeform ${command} clean/orders.`);
  return key;
}

/** `lakeform checks <asset>`: the check results of its latest materialisation. */
export const checksCommand: Command = {
  name: "checks",
  summary: "Show the check results of an asset's latest materialisation, with failing-row samples",
  usage: "lakeform checks <asset> [--partition KEY] [--env NAME] [--json]",
  options: { partition: { type: "string", value: "KEY", description: "the partition whose latest checks to show (default: the latest materialisation of any partition)" } },
  async run(context) {
    const key = assetArgument(context, "checks");
    return withRuntime(context, async (runtime, graph) => {
      const partition = partitionOption(context, graph.get(key));
      const results = await runtime.state.checkResults(key, partition === undefined ? {} : { partition });
      if (context.json) writeJson(context.io, results);
      else if (results.length === 0) context.io.stdout(`${key} has no check results yet. Run \`lakeform materialize ${key}\`.`);
      else {
        const first = results[0];
        context.io.stdout(`${key}${first?.partition ? ` ${first.partition}` : ""} — materialisation ${first?.materialisationId}, ${first?.evaluatedAt.toISOString()}`);
        context.io.stdout(textTable(["CHECK", "STATUS", "SEVERITY", "RESULT"], results.map((r) => [r.check, r.status, `${r.severity}${r.blocking ? ", blocking" : ""}`, r.message])));
        for (const r of results.filter((x) => x.failingSample.length > 0)) {
          context.io.stdout(`\nFailing rows of ${r.check} (sample):`);
          for (const row of r.failingSample) context.io.stdout(`  ${JSON.stringify(row)}`);
        }
      }
      return results.some((r) => r.status === "fail" || r.status === "error") ? ExitCode.failed : ExitCode.ok;
    });
  },
};
