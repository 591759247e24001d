import type { AssetGraph } from "../../core/graph/asset-graph.ts";
import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { loadGraph } from "../load-catalog.ts";
import { selectFromArguments } from "../select-from-arguments.ts";

/** A lineage tree; `repeated` marks a node already shown elsewhere in the same tree. */
export interface LineageTree {
  readonly key: string;
  readonly repeated?: true;
  readonly children: readonly LineageTree[];
}

function lineageTree(key: string, next: (key: string) => readonly string[], shown: Set<string>): LineageTree[] {
  return next(key).map((child) => {
    if (shown.has(child)) return { key: child, repeated: true, children: [] };
    shown.add(child);
    return { key: child, children: lineageTree(child, next, shown) };
  });
}

function renderTree(trees: readonly LineageTree[], indent: string): string[] {
  return trees.flatMap((tree, i) => {
    const last = i === trees.length - 1;
    const line = `${indent}${last ? "└── " : "├── "}${tree.key}${tree.repeated ? " (shown above)" : ""}`;
    return [line, ...renderTree(tree.children, `${indent}${last ? "    " : "│   "}`)];
  });
}

/** Upstream and downstream trees of `key`. */
export function lineageOf(graph: AssetGraph, key: string): { key: string; upstream: LineageTree[]; downstream: LineageTree[] } {
  return {
    key,
    upstream: lineageTree(key, (k) => graph.parents(k), new Set()),
    downstream: lineageTree(key, (k) => graph.children(k), new Set()),
  };
}

/** `lakeform lineage [selection]`: upstream and downstream trees of each selected asset. */
export const lineageCommand: Command = {
  name: "lineage",
  summary: "Show what each selected asset reads from (upstream) and feeds (downstream)",
  usage: "lakeform lineage [selection...] [--catalog <module>] [--json]",
  options: {},
  async run({ io, catalog, json, positionals, config }) {
    const graph = await loadGraph(catalog, io.cwd, config.catalogTimeoutMs);
    const lineages = selectFromArguments(graph, positionals).map((key) => lineageOf(graph, key));
    if (json) {
      writeJson(io, lineages);
      return ExitCode.ok;
    }
    const blocks = lineages.map(({ key, upstream, downstream }) => {
      const node = graph.get(key);
      const lines = [`${key}  (${node.tier}, ${node.kind})`];
      lines.push("  upstream", ...(upstream.length === 0 ? ["    (none)"] : renderTree(upstream, "    ")));
      lines.push("  downstream", ...(downstream.length === 0 ? ["    (none)"] : renderTree(downstream, "    ")));
      return lines.join("\n");
    });
    io.stdout(blocks.join("\n\n"));
    return ExitCode.ok;
  },
};
