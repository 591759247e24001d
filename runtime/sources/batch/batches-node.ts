import type { AssetNode } from "../../core/graph/asset-node.ts";

/** The node the batch files load as: a file drop of JSON lines whose PII is already treated (so it is not treated twice). */
export function batchesNode(node: AssetNode): AssetNode {
  const columns = Object.fromEntries(
    Object.entries(node.columns)
      .filter(([, c]) => c.pii?.treatment !== "drop")
      .map(([name, c]) => {
        const { pii: _treated, ...plain } = c;
        return [name, plain];
      }),
  );
  return { ...node, columns, compute: { kind: "ingest", from: { kind: "fileDrop", format: "jsonl", pattern: ".lakeform/extracts/**/*.jsonl", whenNoData: "publishEmpty" } } };
}
