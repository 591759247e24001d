import { buildAssetGraph, ref, self, sql } from "lakeform";
import { describe, expect, it } from "vitest";
import { aSource, anAsset } from "../support/declare.ts";
import { problemsOf } from "../support/problems.ts";

/** `clean/flights` checks its ids against `clean/zz_airports`, which sorts after it. */
function catalog(withCheck: boolean) {
  return [
    aSource("raw/airports"),
    aSource("raw/flights"),
    anAsset("clean/zz_airports", ["raw/airports"]),
    anAsset("clean/flights", ["raw/flights"], withCheck ? { checks: (c) => [c.relationships("id", { asset: "clean/zz_airports", column: "id" })] } : {}),
  ];
}

describe("assets that checks read order a run like dependencies", () => {
  it("puts a relationships target before the asset whose check reads it, though it sorts later", () => {
    const graph = buildAssetGraph(catalog(true));
    expect(graph.keys.indexOf("clean/zz_airports")).toBeLessThan(graph.keys.indexOf("clean/flights"));
    expect(graph.select("clean/flights clean/zz_airports")).toEqual(["clean/zz_airports", "clean/flights"]);
    expect(graph.get("clean/flights").level).toBe(graph.get("clean/zz_airports").level + 1);
    expect(graph.get("clean/flights").checkTargets).toEqual(["clean/zz_airports"]);
  });

  it("orders by the refs of custom sql checks too", () => {
    const flights = anAsset("clean/flights", ["raw/flights"], {
      checks: (c) => [c.sql("known_airport", sql`select * from ${self} where id not in (select id from ${ref("clean/zz_airports")})`)],
    });
    const graph = buildAssetGraph([aSource("raw/airports"), aSource("raw/flights"), anAsset("clean/zz_airports", ["raw/airports"]), flights]);
    expect(graph.keys.indexOf("clean/zz_airports")).toBeLessThan(graph.keys.indexOf("clean/flights"));
  });

  it("selects a check target with +asset, but keeps it out of the data inputs", () => {
    const graph = buildAssetGraph(catalog(true));
    expect(graph.select("+clean/flights")).toEqual(["raw/airports", "raw/flights", "clean/zz_airports", "clean/flights"]);
    expect(graph.parents("clean/flights")).toEqual(["raw/flights"]);
    expect(graph.select("clean/zz_airports+")).toEqual(["clean/zz_airports"]);
  });

  it("does not change fingerprints: a check target is not a data input", () => {
    const fingerprints = (withCheck: boolean) => Object.fromEntries(buildAssetGraph(catalog(withCheck)).nodes().map((n) => [n.key, n.fingerprint]));
    expect(fingerprints(true)).toEqual(fingerprints(false));
  });

  it("reports a cycle closed by a check, naming the check", () => {
    const a = anAsset("clean/a", ["raw/x"], { checks: (c) => [c.relationships("id", { asset: "clean/b", column: "id" })] });
    expect(problemsOf([aSource("raw/x"), a, anAsset("clean/b", ["clean/a"])])).toEqual([
      'Asset "clean/a": check "relationships_id" reads "clean/b", which is built from "clean/a" (clean/a → clean/b → clean/a), so neither can be built first. Fix: declare the check on an asset downstream of both, or remove it.',
    ]);
  });

  it("allows a relationships check of an asset against itself", () => {
    const tree = anAsset("clean/tree", ["raw/x"], { checks: (c) => [c.relationships("value", { asset: "clean/tree", column: "id" })] });
    expect(problemsOf([aSource("raw/x"), tree])).toEqual([]);
  });
});
