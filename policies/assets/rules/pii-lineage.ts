import type { AssetGraph } from "../../../runtime/core/graph/asset-graph.ts";
import type { AssetNode } from "../../../runtime/core/graph/asset-node.ts";
import type { ColumnSpec } from "../../../runtime/core/declare/column.ts";

/** A PII column of a parent the asset reads (`ref`), with where it comes from. */
export interface ParentPiiColumn {
  readonly parent: string;
  readonly name: string;
  readonly spec: ColumnSpec & { readonly pii: NonNullable<ColumnSpec["pii"]> };
}

/** The PII columns of the parents `node` reads through `ref()` (not `deps`, which only order). */
export function parentPiiColumns(graph: AssetGraph, node: AssetNode): ParentPiiColumn[] {
  return node.dependencies
    .filter((d) => d.via === "ref")
    .flatMap((d) =>
      Object.entries(graph.get(d.key).columns).flatMap(([name, spec]) => (spec.pii === undefined ? [] : [{ parent: d.key, name, spec: spec as ParentPiiColumn["spec"] }])),
    );
}

/** `hashed`, `masked`, `dropped`: a treatment as a participle, for messages. */
export const TREATED: Readonly<Record<string, string>> = { hash: "hashed", mask: "masked", drop: "dropped" };
