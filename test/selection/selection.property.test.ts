import fc from "fast-check";
import { buildAssetGraph } from "lakeform";
import { describe, expect, it } from "vitest";
import { ancestors, declare, descendants, randomDag } from "../support/random-graph.ts";

const dagWithKey = randomDag.chain((dag) => fc.tuple(fc.constant(dag), fc.constantFrom(...dag.keys)));
const sorted = (keys: Iterable<string>) => [...keys].sort();

describe("selection", () => {
  it("+key is the key and all its ancestors; key+ the key and all its descendants", () => {
    fc.assert(
      fc.property(dagWithKey, ([dag, key]) => {
        const graph = buildAssetGraph(declare(dag));
        expect(sorted(graph.select(`+${key}`))).toEqual(sorted([key, ...ancestors(dag, key)]));
        expect(sorted(graph.select(`${key}+`))).toEqual(sorted([key, ...descendants(dag, key)]));
        expect(sorted(graph.select(`1+${key}`))).toEqual(sorted([key, ...(dag.parents[dag.keys.indexOf(key)] ?? [])]));
      }),
      { numRuns: 150 },
    );
  });

  it("or is union, and is intersection, not is complement", () => {
    fc.assert(
      fc.property(dagWithKey, fc.constantFrom("pii", "kpi", "finance"), ([dag, key], tag) => {
        const graph = buildAssetGraph(declare(dag));
        const up = new Set(graph.select(`+${key}`));
        const tagged = new Set(graph.select(`tag:${tag}`));
        expect(sorted(graph.select(`+${key} or tag:${tag}`))).toEqual(sorted(new Set([...up, ...tagged])));
        expect(sorted(graph.select(`+${key}, tag:${tag}`))).toEqual(sorted(graph.select(`tag:${tag} +${key}`)));
        expect(sorted(graph.select(`+${key} and tag:${tag}`))).toEqual(sorted([...up].filter((k) => tagged.has(k))));
        expect(sorted(graph.select(`not tag:${tag}`))).toEqual(sorted(dag.keys.filter((k) => !tagged.has(k))));
        expect(sorted(graph.select(`(+${key}) and not (+${key})`))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("matches attributes exactly and returns keys in topological order", () => {
    fc.assert(
      fc.property(dagWithKey, ([dag, key]) => {
        const graph = buildAssetGraph(declare(dag));
        expect(sorted(graph.select("group:sales"))).toEqual(sorted(dag.keys.filter((_, i) => dag.groups[i] === "sales")));
        expect(graph.select("*")).toEqual(graph.keys);
        expect(graph.select("tier:clean")).toEqual(graph.keys);
        expect(graph.select("tier:raw")).toEqual([]);
        const selected = graph.select(`${key}+ or group:marketing`);
        expect(selected).toEqual(graph.keys.filter((k) => selected.includes(k)));
      }),
      { numRuns: 100 },
    );
  });
});
