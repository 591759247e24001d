import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TempWorkspace } from "../support/temp-workspace.ts";

const AIRPORTS_CATALOG = join(process.cwd(), "test/fixtures/catalogs/airports.ts");

let ws: TempWorkspace;
beforeEach(() => {
  ws = new TempWorkspace(AIRPORTS_CATALOG);
  ws.land("airports/a.csv", "code,name\nCDG,Paris Charles de Gaulle\nJFK,New York JFK\n");
  ws.land("flights/f.csv", "flight_id,origin\nAF1,CDG\nAF2,JFK\n");
});
afterEach(() => ws.remove());

describe("a relationships target is built before the asset whose check reads it", () => {
  it("materialises both in one run although the target sorts later", async () => {
    const run = await ws.lakeform(["materialize", "raw/*", "clean/flights", "clean/zz_airports", "--json"]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { key: string; status: string }[] };
    expect(report.results.map((r) => [r.key, r.status])).toEqual([
      ["raw/airports", "published"],
      ["raw/flights", "published"],
      ["clean/zz_airports", "published"],
      ["clean/flights", "published"],
    ]);
  });

  it("builds the target with +asset", async () => {
    const run = await ws.lakeform(["materialize", "+clean/flights", "--json"]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(await ws.query("select count(*) as n from clean.zz_airports")).toEqual([{ n: "2" }]);
  });
});
