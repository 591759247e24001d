import { buildAssetGraph, SelectionError } from "lakeform";
import { describe, expect, it } from "vitest";
import { aSource, anAsset } from "../support/declare.ts";

const graph = buildAssetGraph([
  aSource("raw/orders", { group: "sales" }),
  anAsset("clean/orders", ["raw/orders"], { group: "sales", owners: ["team:commerce"] }),
  anAsset("clean/refunds", ["raw/orders"], { group: "sales" }),
  anAsset("curated/revenue", ["clean/orders", "clean/refunds"], { group: "finance", tags: ["kpi"] }),
]);

describe("selection syntax", () => {
  it("supports globs, owners with colons, kinds and depth limits", () => {
    expect(graph.select("clean/*")).toEqual(["clean/orders", "clean/refunds"]);
    expect(graph.select("**")).toEqual(graph.keys);
    expect(graph.select("owner:team:commerce")).toEqual(["clean/orders"]);
    expect(graph.select("kind:source")).toEqual(["raw/orders"]);
    expect(graph.select("raw/orders+1")).toEqual(["raw/orders", "clean/orders", "clean/refunds"]);
    expect(graph.select("+(tag:kpi) and tier:clean")).toEqual(["clean/orders", "clean/refunds"]);
    expect(graph.select("(group:sales and not kind:source)+")).toEqual(["clean/orders", "clean/refunds", "curated/revenue"]);
  });

  it("explains bad selections", () => {
    expect(() => graph.select("clean/order")).toThrow(
      new SelectionError('Selection "clean/order": no asset "clean/order". Fix: did you mean "clean/orders"? Run `lakeform list` to see the keys.'),
    );
    expect(() => graph.select("team:commerce")).toThrow('unknown attribute "team:" (use key:, tag:, group:, owner:, tier:, kind:) at position 1');
    expect(() => graph.select("(tag:kpi")).toThrow("a closing parenthesis is missing at position 1");
    expect(() => graph.select("tag:kpi and")).toThrow("an expression is missing at position 12");
    expect(() => graph.select("tier:gold")).toThrow('"gold" is not a tier');
    expect(() => graph.select("")).toThrow("the selection is empty");
  });
});
