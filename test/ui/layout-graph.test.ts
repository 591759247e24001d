import { describe, expect, it } from "vitest";
import { layoutGraph } from "../../runtime/ui/layout-graph.ts";

const box = (key: string, column: number) => ({ key, width: 100, height: 30, column });

describe("laying the graph out left to right", () => {
  it("keeps each column group left of the next, even where dagre would pull a node right", () => {
    // raw/b feeds only curated/x, two ranks on: left alone, dagre places it next to clean/a.
    const nodes = [box("raw/a", 0), box("raw/b", 0), box("clean/a", 1), box("clean/c", 1), box("curated/x", 2)];
    const edges = [{ from: "raw/a", to: "clean/a" }, { from: "clean/a", to: "clean/c" }, { from: "clean/c", to: "curated/x" }, { from: "raw/b", to: "curated/x" }];
    const layout = layoutGraph(nodes, edges);
    const x = new Map(layout.nodes.map((n) => [n.key, n.x]));
    const column = (c: number) => nodes.filter((n) => n.column === c).map((n) => x.get(n.key) ?? NaN);
    expect(Math.max(...column(0))).toBeLessThan(Math.min(...column(1)));
    expect(Math.max(...column(1))).toBeLessThan(Math.min(...column(2)));
    expect(x.get("clean/a")).toBeLessThan(x.get("clean/c") ?? NaN);
    expect(layout.nodes.map((n) => n.key)).toEqual(nodes.map((n) => n.key));
    expect(layout.edges.map((e) => `${e.from}>${e.to}`)).toEqual(["clean/a>clean/c", "clean/c>curated/x", "raw/a>clean/a", "raw/b>curated/x"]);
    for (const n of layout.nodes) {
      expect(n.x - n.width / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width / 2).toBeLessThanOrEqual(layout.width);
    }
  });

  it("draws the same picture for the same graph", () => {
    const nodes = [box("a", 0), box("b", 1), box("c", 1)];
    const edges = [{ from: "a", to: "c" }, { from: "a", to: "b" }];
    expect(layoutGraph(nodes, edges)).toEqual(layoutGraph(nodes, [...edges].reverse()));
  });
});
