import { readFileSync } from "node:fs";
import { asset, AssetGraphError, buildAssetGraph, col, sql } from "lakeform";
import { describe, expect, it } from "vitest";

describe("problems point at the declaration", () => {
  it("names the file and line where the asset was declared", () => {
    const orders = asset("clean/orders", { owners: ["team:sales"], columns: { order_id: col.string() }, compute: sql`select 1`, retentionDays: -1 });
    const error = (() => {
      try {
        buildAssetGraph([orders]);
      } catch (e) {
        return e as AssetGraphError;
      }
      throw new Error("expected the graph to be invalid");
    })();
    const at = error.problems[0]?.at ?? "";
    expect(at).toMatch(/^test\/graph\/declaration-site\.test\.ts:\d+$/);
    const line = readFileSync("test/graph/declaration-site.test.ts", "utf8").split("\n")[Number(at.split(":")[1]) - 1];
    expect(line).toContain('asset("clean/orders"');
    expect(error.message).toContain(`(at ${at})`);
  });
});
