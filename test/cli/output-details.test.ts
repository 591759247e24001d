import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildAssetGraph, daily, monthly } from "lakeform";
import { formatAge } from "../../runtime/core/declare/duration.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { reasonLines } from "../../runtime/cli/run-summary.ts";
import { anAsset } from "../support/declare.ts";
import { TempWorkspace } from "../support/temp-workspace.ts";

const CATALOG = join(process.cwd(), "test/fixtures/catalogs/cli-details.ts");

describe("durations for people", () => {
  it("round to their two largest units; exact values stay in --json", () => {
    expect(formatAge(68_262)).toBe("1m8s");
    expect(formatAge(450)).toBe("450ms");
    expect(formatAge(3_599_999)).toBe("1h");
    expect(formatAge(3_725_000)).toBe("1h2m");
    expect(formatAge(90_061_000)).toBe("1d1h");
    expect(formatAge(795_600_000)).toBe("9d5h");
    expect(formatAge(59_600)).toBe("1m");
  });
});

describe("multi-line reasons in text output", () => {
  it("show every line up to a bound, then say how many more there are", () => {
    const reason = ["Asset \"raw/x\": landing lines do not match:", ...Array.from({ length: 12 }, (_, i) => `  - x.csv line ${i + 2}: bad`), "Fix: correct them."].join("\n");
    const lines = reasonLines(reason, "    ");
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('Asset "raw/x": landing lines do not match:');
    expect(lines[1]).toBe("      - x.csv line 2: bad");
    expect(lines[8]).toBe("    … and 6 more lines (--json shows all)");
    expect(reasonLines("one line", "  ")).toEqual(["one line"]);
  });
});

describe("materialize: every partition", () => {
  const graph = buildAssetGraph([
    anAsset("clean/days", [], { partitions: daily({ start: "2024-03-01" }) }),
    anAsset("clean/months", [], { partitions: monthly({ start: "2024-01" }) }),
    anAsset("clean/whole"),
  ]);
  const now = new Date("2024-03-05T10:00:00Z");

  it("--all-partitions plans each asset from its first partition to its latest completed one", () => {
    const plan = planMaterialization(graph, "*", graph.keys, { kind: "all" }, now);
    expect(plan.steps.find((s) => s.key === "clean/days")?.partitions).toEqual(["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"]);
    expect(plan.steps.find((s) => s.key === "clean/months")?.partitions).toEqual(["2024-01", "2024-02"]);
    expect(plan.steps.find((s) => s.key === "clean/whole")?.partitions).toEqual([""]);
  });

  it("--all-partitions leaves out partitions past the asset's retention", () => {
    const kept = buildAssetGraph([anAsset("clean/recent", [], { partitions: daily({ start: "2024-03-01" }), retentionDays: 2 })]);
    expect(planMaterialization(kept, "*", kept.keys, { kind: "all" }, now).steps[0]?.partitions).toEqual(["2024-03-03", "2024-03-04"]);
  });

  it("--from alone runs to the latest completed partition; --to alone from the first", () => {
    const from = planMaterialization(graph, "clean/days", ["clean/days"], { kind: "range", from: "2024-03-03", to: undefined }, now);
    expect(from.steps[0]?.partitions).toEqual(["2024-03-03", "2024-03-04"]);
    const to = planMaterialization(graph, "clean/days", ["clean/days"], { kind: "range", from: undefined, to: "2024-03-02" }, now);
    expect(to.steps[0]?.partitions).toEqual(["2024-03-01", "2024-03-02"]);
  });
});

describe("CLI messages", () => {
  const ws = new TempWorkspace(CATALOG);
  afterAll(() => ws.remove());

  it("--partition, a range and --all-partitions exclude each other", async () => {
    const { code, stderr } = await ws.lakeform(["materialize", "--all-partitions", "--from", "2024-01-01"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--from/--to and --all-partitions exclude each other. Fix: pass one partition, a range, or --all-partitions.");
  });

  it("a warn-severity check that could not run is counted apart, with why", async () => {
    const { code, stdout } = await ws.lakeform(["materialize", "clean/numbers"]);
    expect(code).toBe(0);
    expect(stdout).toContain("checks: 0 passed · 0 warned · 0 failed · 1 could not run");
    expect(stdout).toMatch(/Checks that could not run \(1 check\):\n {2}clean\/numbers no_negative_discounts — could not be evaluated: .*discount/);
  });

  it("an SQL error names the file line of the SQL and suggests the column it meant", async () => {
    const { code, stdout } = await ws.lakeform(["materialize", "clean/typo"]);
    expect(code).toBe(1);
    expect(stdout).toContain('Asset "clean/typo": its SQL failed at line 2 of its SQL (test/fixtures/catalogs/cli-details.ts:15): Binder Error: Referenced column "totl" not found in FROM clause!');
    expect(stdout).toContain('Fix: there is no column "totl": did you mean "total"? Correct the SQL of "clean/typo" at test/fixtures/catalogs/cli-details.ts:15.');
  });

  it("history, checks and profile refuse a partition key the asset cannot have", async () => {
    for (const command of ["history", "checks", "profile"]) {
      const { code, stderr } = await ws.lakeform([command, "clean/numbers", "--partition", "2024-13-01"]);
      expect(code, command).toBe(2);
      expect(stderr, command).toContain('Asset "clean/numbers": partition the asset is not partitioned: leave out --partition. Fix: pass one of its partition keys, or leave out --partition for the latest.');
    }
  });

  it("query gives a hint only when it applies", async () => {
    const syntax = await ws.lakeform(["query", "selec 1"]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/Query failed: Parser Error: syntax error at or near "selec"\. Fix: correct the SQL\.\n$/);
    const missing = await ws.lakeform(["query", "select * from clean.numbrs"]);
    expect(missing.stderr).toContain('Fix: did you mean "clean.numbers"? tables are named by asset key as schema.table (clean.numbers).');
    const unpublished = await ws.lakeform(["query", "select * from clean.typo"]);
    expect(unpublished.stderr).toContain('Fix: "clean/typo" has no published data yet: run `lakeform materialize clean/typo`.');
  });

  it("query serves the valid assets of a catalog with an invalid one, and says which it left out", async () => {
    const invalid = new TempWorkspace(join(process.cwd(), "test/fixtures/catalogs/cli-one-invalid.ts"));
    try {
      expect((await invalid.lakeform(["materialize", "clean/numbers"])).code).toBe(1); // an invalid catalog runs nothing
      // The other workspace published clean/numbers in an earlier test: query it with the catalog that has an invalid asset.
      const shared = await invalid.lakeform(["query", "select count(*) as n from clean.numbers", "--json"], { LAKEFORM_HOME: join(ws.root, ".lakeform") });
      expect(shared.code).toBe(0);
      expect(JSON.parse(shared.stdout)).toEqual([{ n: "5" }]);
      expect(shared.stderr).toContain("! 1 invalid asset is left out of the query: clean/invalid (`lakeform validate` shows why).");
    } finally {
      invalid.remove();
    }
  });
});

describe("the run summary", () => {
  it("groups partitions waiting for data by asset, with their span and the first reason", async () => {
    const { runSummary } = await import("../../runtime/cli/run-summary.ts");
    const { totalsOf } = await import("../../runtime/run/run-report.ts");
    const step = (key: string, partition: string) => ({ key, partition, status: "waiting" as const, rows: undefined, checks: [], reason: `waiting for data since ${partition}T00:00:00.000Z: no file`, durationMs: 0 });
    const results = [step("raw/orders", "2024-01-01"), step("raw/orders", "2024-01-02"), step("raw/orders", "2024-01-03"), step("raw/customers", "")];
    const text = runSummary({ runId: "run-1", results, totals: totalsOf(results), durationMs: 1 });
    expect(text).toContain("waiting for data 4");
    expect(text).toContain("  raw/orders 3 partitions (2024-01-01 … 2024-01-03; the first:): waiting for data since 2024-01-01T00:00:00.000Z: no file");
    expect(text).toContain("  raw/customers: waiting for data since T00:00:00.000Z: no file");
  });
});
