import type { AssetGraph } from "../../runtime/core/graph/asset-graph.ts";
import type { SqlTemplate } from "../../runtime/core/declare/sql-template.ts";

function sqlText(template: SqlTemplate): string {
  const nested = template.parts.map((part) => (part.kind === "sql" ? sqlText(part) : " "));
  const overrides = Object.values(template.overrides ?? {}).map((o) => (o === undefined ? "" : sqlText(o)));
  return [template.strings.map((text, i) => `${text}${nested[i] ?? ""}`).join(""), ...overrides].join("\n");
}

/**
 * The assets that read `column` of `asset`: those computing from it with SQL that names the
 * column (or selects `*`), and every child computed by a function or a Spark script (their
 * code cannot be read). An approximation: a name shared with another parent counts too.
 */
export function columnReaders(graph: AssetGraph, asset: string, column: string): string[] {
  if (!graph.has(asset)) return [];
  const word = new RegExp(`(?:^|[^A-Za-z0-9_])${column}(?:[^A-Za-z0-9_]|$)`);
  const star = /\bselect\s+(?:distinct\s+)?(?:\w+\.)?\*|\w\.\*/i;
  return graph.children(asset).filter((child) => {
    const node = graph.get(child);
    if (!node.dependencies.some((d) => d.key === asset && d.via === "ref")) return false;
    if (node.compute.kind !== "sql") return true;
    const text = sqlText(node.compute);
    return word.test(text) || star.test(text);
  });
}
