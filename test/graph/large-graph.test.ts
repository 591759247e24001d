import { beforeAll, describe, expect, it } from "vitest";
import { asset, buildAssetGraph, sql, type AssetDefinition, type AssetGraph, type Owner } from "lakeform";
import { generateCatalog } from "../../bench/generate-catalog.ts";

const ASSETS = 10_000;
// Building 10,000 assets takes about a second; the tests that build again get room on a busy
// machine. Timing itself is measured in bench/, never asserted here.
const BUILD_TIMEOUT = 60_000;

/** The same asset with its SQL wrapped in a filter: what determines its data changes. */
function withChangedSql(definition: AssetDefinition): AssetDefinition {
  const d = definition;
  if (d.compute.kind !== "sql") throw new Error(`${d.key} is not a SQL asset`);
  return asset(d.key, {
    owners: d.owners as readonly Owner[],
    tags: d.tags,
    columns: d.columns,
    compute: sql`select * from (${d.compute}) where amount > 0`,
    checks: () => d.checks,
    deps: d.deps,
    ...(d.tier === undefined ? {} : { tier: d.tier }),
    ...(d.description === undefined ? {} : { description: d.description }),
    ...(d.group === undefined ? {} : { group: d.group }),
    ...(d.partitions === undefined ? {} : { partitions: d.partitions }),
    ...(d.freshness === undefined ? {} : { freshness: d.freshness }),
    ...(d.schedule === undefined ? {} : { schedule: d.schedule }),
    ...(d.retentionDays === undefined ? {} : { retentionDays: d.retentionDays }),
    ...(d.costGuard === undefined ? {} : { costGuard: d.costGuard }),
    ...(d.engine === undefined ? {} : { engine: d.engine }),
  });
}

const fingerprintsOf = (graph: AssetGraph): Map<string, string> => new Map(graph.nodes().map((n) => [n.key, n.fingerprint]));

describe("a generated 10,000-asset graph", () => {
  let graph: AssetGraph;

  beforeAll(() => {
    graph = buildAssetGraph(generateCatalog({ assets: ASSETS }));
  }, BUILD_TIMEOUT);

  it("holds every asset once", () => {
    expect(graph.size).toBe(ASSETS);
    expect(new Set(graph.keys).size).toBe(ASSETS);
  });

  it("is shaped like a platform: sources, chains, fan-ins, hubs, mixed partitions", () => {
    const nodes = graph.nodes();
    const sources = nodes.filter((n) => n.kind === "source");
    const sqlAssets = nodes.filter((n) => n.kind === "asset");
    expect(sources.length).toBe(ASSETS / 10);
    expect(sources.every((n) => n.tier === "raw" && n.compute.kind === "ingest" && n.dependencies.length === 0)).toBe(true);
    expect(sqlAssets.every((n) => n.compute.kind === "sql" && n.tier !== "raw")).toBe(true);
    expect(sqlAssets.every((n) => n.dependencies.length >= 1 && n.dependencies.length <= 4)).toBe(true);
    expect(sqlAssets.filter((n) => n.dependencies.length === 4).length).toBeGreaterThan(ASSETS / 20);
    expect(Math.max(...nodes.map((n) => n.level))).toBeGreaterThanOrEqual(50);
    expect(Math.max(...graph.keys.map((k) => graph.children(k).length))).toBeGreaterThanOrEqual(100);
    expect(new Set(nodes.map((n) => n.tier))).toEqual(new Set(["raw", "clean", "curated"]));
    expect(new Set(nodes.map((n) => (n.partitions?.kind === "time" ? n.partitions.granularity : (n.partitions?.kind ?? "none"))))).toEqual(
      new Set(["daily", "hourly", "static", "none"]),
    );
    expect(new Set(nodes.map((n) => n.schedule.kind))).toEqual(new Set(["cron", "eager", "onDemand"]));
    expect(nodes.every((n) => n.definition.checks.length === 5)).toBe(true);
    expect(nodes.every((n) => Object.keys(n.columns).length >= 4 && Object.keys(n.columns).length <= 8)).toBe(true);
    expect(nodes.every((n) => n.owners.length > 0 && n.group !== undefined)).toBe(true);
  });

  it("orders every dependency before its dependant", () => {
    const position = new Map(graph.keys.map((key, i) => [key, i]));
    const late = graph.keys.flatMap((key) => graph.parents(key).filter((parent) => (position.get(parent) ?? Infinity) >= (position.get(key) ?? -1)).map((parent) => `${parent} → ${key}`));
    expect(late).toEqual([]);
  });

  it("gives each asset the level 1 + its highest parent's level, 0 for roots, and orders keys by level then name", () => {
    const wrong = graph.keys.filter((key) => {
      const parents = graph.parents(key);
      const expected = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => graph.get(p).level));
      return graph.get(key).level !== expected;
    });
    expect(wrong).toEqual([]);
    const sorted = [...graph.keys].sort((a, b) => graph.get(a).level - graph.get(b).level || (a < b ? -1 : a > b ? 1 : 0));
    expect(graph.keys).toEqual(sorted);
  });

  it("gives every asset a distinct 16-hex-digit fingerprint", () => {
    const fingerprints = [...fingerprintsOf(graph).values()];
    expect(fingerprints.filter((f) => !/^[0-9a-f]{16}$/.test(f))).toEqual([]);
    expect(new Set(fingerprints).size).toBe(ASSETS);
  });

  it(
    "gives identical fingerprints when the catalog is declared and built again",
    () => {
      const again = buildAssetGraph(generateCatalog({ assets: ASSETS }));
      expect(again.keys).toEqual(graph.keys);
      expect(fingerprintsOf(again)).toEqual(fingerprintsOf(graph));
    },
    BUILD_TIMEOUT,
  );

  it(
    "changes the fingerprints of exactly the edited asset and its downstream when one SQL changes",
    () => {
      const edited = graph.keys.find((key) => {
        const node = graph.get(key);
        const below = node.kind === "asset" && node.tier === "clean" ? graph.downstream(key).length : 0;
        return below >= 10 && below <= ASSETS / 10;
      });
      expect(edited).toBeDefined();
      const key = edited as string;
      const downstream = graph.downstream(key);

      const catalog = generateCatalog({ assets: ASSETS }).map((d) => (d.key === key ? withChangedSql(d) : d));
      const before = fingerprintsOf(graph);
      const after = fingerprintsOf(buildAssetGraph(catalog));
      const changed = graph.keys.filter((k) => before.get(k) !== after.get(k));

      expect(changed).toEqual(graph.sortTopologically([key, ...downstream]));
    },
    BUILD_TIMEOUT,
  );
});
