import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { partitionOption } from "../partition-option.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { reasonLines } from "../run-summary.ts";
import { textTable } from "../text-table.ts";
import { assetArgument } from "./checks.ts";
import { formatCount } from "../../core/checks/format-count.ts";
import { UsageError } from "../usage-error.ts";

/** `lakeform history <asset>`: its materialisations, newest first. */
export const historyCommand: Command = {
  name: "history",
  summary: "Show an asset's materialisations, newest first",
  usage: "lakeform history <asset> [--partition KEY] [--limit N] [--env NAME] [--json]",
  options: {
    partition: { type: "string", value: "KEY", description: "only the materialisations of this partition (default: every partition)" },
    limit: { type: "string", value: "N", description: "show at most N materialisations (default: 20)" },
  },
  async run(context) {
    const key = assetArgument(context, "history");
    const limit = context.values.limit === undefined ? 20 : Number(context.values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit ${String(context.values.limit)} is not a positive whole number. Fix: e.g. --limit 50.`);
    return withRuntime(context, async (runtime, graph) => {
      const partition = partitionOption(context, graph.get(key));
      const history = await runtime.state.materialisationHistory(key, { limit, ...(partition === undefined ? {} : { partition }) });
      if (context.json) writeJson(context.io, history);
      else {
        context.io.stdout(
          textTable(
            ["STARTED", "PARTITION", "STATUS", "ROWS", "DURATION", "VERSION", "RUN", "REASON"],
            history.map((m) => [
              m.startedAt.toISOString(),
              m.partition || "-",
              m.status,
              m.rows === undefined ? "" : formatCount(m.rows),
              m.timings.total === undefined ? "" : `${(m.timings.total / 1000).toFixed(2)}s`,
              m.version,
              m.runId,
              (m.reason ?? "").split("\n")[0] ?? "",
            ]),
          ),
        );
        const detailed = history.filter((m) => (m.reason ?? "").includes("\n"));
        for (const m of detailed) {
          const [first = "", ...more] = reasonLines(m.reason, "    ");
          context.io.stdout(`\n${m.startedAt.toISOString()}${m.partition ? ` ${m.partition}` : ""} ${m.status}: ${first}\n${more.join("\n")}`);
        }
      }
      return ExitCode.ok;
    });
  },
};
