import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { describeFreshness, describePartitions, describeSchedule, nodeSummary } from "../describe-node.ts";
import { ExitCode } from "../exit-codes.ts";
import { loadGraph } from "../load-catalog.ts";
import { selectFromArguments } from "../select-from-arguments.ts";
import { textTable } from "../text-table.ts";

/** `lakeform list [selection]`: the selected assets in topological order. */
export const listCommand: Command = {
  name: "list",
  summary: "List assets in dependency order, with partitions, schedule, freshness and checks",
  usage: "lakeform list [selection...] [--catalog <module>] [--json]",
  options: {},
  async run({ io, catalog, json, positionals, config }) {
    const graph = await loadGraph(catalog, io.cwd, config.catalogTimeoutMs);
    const nodes = selectFromArguments(graph, positionals).map((key) => graph.get(key));
    if (json) {
      writeJson(io, nodes.map(nodeSummary));
      return ExitCode.ok;
    }
    const rows = nodes.map((n) => [
      n.key,
      n.kind,
      describePartitions(n),
      describeSchedule(n),
      describeFreshness(n),
      String(n.checks.length),
      n.owners.join(", "),
    ]);
    io.stdout(textTable(["ASSET", "KIND", "PARTITIONS", "SCHEDULE", "FRESHNESS", "CHECKS", "OWNERS"], rows));
    io.stdout(`${nodes.length} of ${graph.size} assets`);
    return ExitCode.ok;
  },
};
