import dagre from "@dagrejs/dagre";

/** A node to place: its key and the size of its box in pixels. */
export interface LayoutInput {
  readonly key: string;
  readonly width: number;
  readonly height: number;
  /** The column group (e.g. the tier's index): every node of a lower group is left of every node of a higher one. @default 0 */
  readonly column?: number;
}

/** A placed node: the centre of its box. */
export interface PlacedNode {
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A placed edge: the points of its polyline, from the parent to the child. */
export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** A laid-out graph; `width` and `height` bound every node and edge. */
export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

const round = (n: number) => Math.round(n * 10) / 10;

/** An invisible zero-size node left of column group `column` (right of the group before). */
const fence = (column: number) => `\u0000fence ${column}`;

/**
 * Lays out a DAG left to right with dagre: parents left of their children, and the nodes of each
 * `column` group left of the next group's (raw → clean → curated read as columns), which dagre
 * alone does not promise: invisible fences between groups, joined to the nodes by weightless
 * edges, hold each group between its two fences. Nodes are added in the order given and edges
 * sorted, so the same graph always gets the same picture. Pure: no browser, no I/O.
 * @example layoutGraph([{ key: "raw/a", width: 160, height: 40 }, { key: "clean/a", width: 160, height: 40 }], [{ from: "raw/a", to: "clean/a" }])
 */
export function layoutGraph(nodes: readonly LayoutInput[], edges: readonly { readonly from: string; readonly to: string }[]): GraphLayout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 70, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.key, { width: n.width, height: n.height });
  const present = new Set(nodes.map((n) => n.key));
  const kept = edges.filter((e) => present.has(e.from) && present.has(e.to)).sort((a, b) => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`));
  for (const e of kept) g.setEdge(e.from, e.to);
  const columns = [...new Set(nodes.map((n) => n.column ?? 0))].sort((a, b) => a - b);
  if (columns.length > 1) {
    for (const column of columns.slice(1)) g.setNode(fence(column), { width: 0, height: 0 });
    columns.slice(2).forEach((column, i) => g.setEdge(fence(columns[i + 1] ?? 0), fence(column), { weight: 0, minlen: 1 }));
    for (const n of nodes) {
      const at = columns.indexOf(n.column ?? 0);
      const after = columns[at + 1];
      if (at > 0) g.setEdge(fence(n.column ?? 0), n.key, { weight: 0, minlen: 1 });
      if (after !== undefined) g.setEdge(n.key, fence(after), { weight: 0, minlen: 1 });
    }
  }
  dagre.layout(g);
  const label = g.graph() as { width?: number; height?: number };
  return Object.freeze({
    width: round(label.width ?? 0),
    height: round(label.height ?? 0),
    nodes: nodes.map((n) => {
      const placed = g.node(n.key) as { x: number; y: number };
      return Object.freeze({ key: n.key, x: round(placed.x), y: round(placed.y), width: n.width, height: n.height });
    }),
    edges: kept.map((e) => {
      const placed = g.edge(e.from, e.to) as { points?: { x: number; y: number }[] };
      return Object.freeze({ from: e.from, to: e.to, points: (placed.points ?? []).map((p) => ({ x: round(p.x), y: round(p.y) })) });
    }),
  });
}
