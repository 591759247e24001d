import { measuredFreshness } from "../../freshness/measured-freshness.ts";
import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { describeFreshness } from "../describe-node.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { nowOf } from "../parse-now.ts";
import { selectFromArguments } from "../select-from-arguments.ts";
import { textTable } from "../text-table.ts";
import { describeWaiting, waitingJson, waitingSummary } from "../../run/waiting-for-data.ts";

/** `lakeform freshness [selection] [--now ISO]`: what is late and why, and what waits for data (which freshness judges like any missing data). */
export const freshnessCommand: Command = {
  name: "freshness",
  summary: "Show which assets are fresh, late (WARN) or stale beyond their policy (FAIL), and why",
  usage: "lakeform freshness [selection...] [--now ISO] [--env NAME] [--json]",
  options: { now: { type: "string", value: "ISO", description: "act as if it were this time (ISO 8601, e.g. 2024-03-01T09:00:00Z; default: the real clock)" } },
  async run(context) {
    const { io, json, positionals } = context;
    const now = nowOf(context.values.now);
    return withRuntime(context, async (runtime, graph) => {
      const waiting = await runtime.state.waitingMaterialisations();
      const results = [];
      for (const key of selectFromArguments(graph, positionals)) {
        results.push({ ...(await measuredFreshness(runtime.state, graph.get(key), now)), waitingForData: waitingSummary(graph.get(key), waiting, runtime.landingDir) });
      }
      if (json) writeJson(io, results.map((r) => ({ ...r, lastPublish: r.lastPublish?.toISOString() ?? null, newestRecord: r.newestRecord?.toISOString() ?? null, waitingForData: waitingJson(r.waitingForData) })));
      else {
        io.stdout(
          textTable(
            ["ASSET", "FRESHNESS", "POLICY", "WHY"],
            results.map((r) => [r.key, r.overall.state, describeFreshness(graph.get(r.key)), r.overall.reason]),
          ),
        );
        for (const r of results) if (r.waitingForData !== undefined) io.stdout(`${r.key}: ${describeWaiting(r.waitingForData)}`);
        const late = results.filter((r) => r.overall.state === "WARN" || r.overall.state === "FAIL");
        io.stdout(late.length === 0 ? "Nothing is late." : `${late.length} late: ${late.map((r) => `${r.key} (${r.overall.state})`).join(", ")}`);
      }
      return results.some((r) => r.overall.state === "FAIL") ? ExitCode.failed : ExitCode.ok;
    });
  },
};
