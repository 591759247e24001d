import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { loadGraph } from "../load-catalog.ts";

/** `lakeform validate`: builds the graph; errors are reported by the CLI's error handler. */
export const validateCommand: Command = {
  name: "validate",
  summary: "Check every declaration and report all problems at once",
  usage: "lakeform validate [--catalog <module>] [--json]",
  options: {},
  async run({ io, catalog, json }) {
    const graph = await loadGraph(catalog, io.cwd);
    const nodes = graph.nodes();
    const summary = {
      valid: true,
      assets: nodes.length,
      sources: nodes.filter((n) => n.kind === "source").length,
      checks: nodes.reduce((sum, n) => sum + n.checks.length, 0),
      tiers: Object.fromEntries(["raw", "clean", "curated"].map((t) => [t, nodes.filter((n) => n.tier === t).length])),
    };
    if (json) writeJson(io, summary);
    else {
      const tiers = Object.entries(summary.tiers).map(([t, n]) => `${n} ${t}`).join(", ");
      io.stdout(`✓ ${catalog} is valid: ${summary.assets} assets (${tiers}), ${summary.sources} sources, ${summary.checks} checks.`);
    }
    return ExitCode.ok;
  },
};
