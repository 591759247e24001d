import fc from "fast-check";
import { buildAssetGraph } from "lakeform";
import { describe, expect, it } from "vitest";
import { declare, randomDag } from "../support/random-graph.ts";

describe("topological order", () => {
  it("puts every parent before its children, levels one above the highest parent", () => {
    fc.assert(
      fc.property(randomDag, (dag) => {
        const graph = buildAssetGraph(declare(dag));
        const position = new Map(graph.keys.map((k, i) => [k, i]));
        for (const node of graph.nodes()) {
          const parentLevels = node.dependencies.map((d) => graph.get(d.key).level);
          expect(node.level).toBe(parentLevels.length === 0 ? 0 : Math.max(...parentLevels) + 1);
          for (const d of node.dependencies) expect(position.get(d.key)).toBeLessThan(position.get(node.key) ?? -1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("orders by level, then key, whatever the declaration order", () => {
    fc.assert(
      fc.property(
        randomDag.chain((dag) => fc.tuple(fc.constant(dag), fc.shuffledSubarray(dag.keys.map((_, i) => i), { minLength: dag.keys.length }))),
        ([dag, order]) => {
          const graph = buildAssetGraph(declare(dag, order));
          const expected = [...graph.keys].sort((a, b) => graph.get(a).level - graph.get(b).level || (a < b ? -1 : 1));
          expect(graph.keys).toEqual(expected);
          expect(graph.keys).toEqual(buildAssetGraph(declare(dag)).keys);
        },
      ),
      { numRuns: 150 },
    );
  });
});
