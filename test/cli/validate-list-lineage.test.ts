import { describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";

const shop = ["--catalog", "test/fixtures/catalogs/shop.ts"];

describe("lakeform validate", () => {
  it("accepts a valid catalog kept outside assets/", async () => {
    const { code, stdout } = await runCli(["validate", ...shop]);
    expect(code).toBe(0);
    expect(stdout).toBe("✓ test/fixtures/catalogs/shop.ts is valid: 4 assets (2 raw, 1 clean, 1 curated), 2 sources, 9 checks.\n");
  });

  it("lists every problem and exits 1", async () => {
    const { code, stderr } = await runCli(["validate", "--catalog", "test/fixtures/catalogs/invalid.ts"]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        "✗ Invalid asset graph (2 problems):",
        ' - Asset "clean/orders": depends on "raw/order", which is not declared. Fix: declare "raw/order" or add it to the catalog. (at test/fixtures/catalogs/invalid.ts:4)',
        ' - Asset "clean/orders": schedule: cron "0 25 * * *" is invalid: Constraint error, got value 25 expected range 0-23. Fix: write five fields, e.g. cron("0 6 * * *", { timezone: "UTC" }). (at test/fixtures/catalogs/invalid.ts:4)',
        "",
      ].join("\n"),
    );
  });

  it("reports problems as JSON for machines", async () => {
    const { code, stdout } = await runCli(["validate", "--json", "--catalog", "test/fixtures/catalogs/invalid.ts"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { valid: boolean; problems: { asset: string; message: string; fix: string; at: string }[] };
    expect(report.valid).toBe(false);
    expect(report.problems.map((p) => [p.asset, p.at])).toEqual([
      ["clean/orders", "test/fixtures/catalogs/invalid.ts:4"],
      ["clean/orders", "test/fixtures/catalogs/invalid.ts:4"],
    ]);
  });

  it("exits 3 when the catalog cannot be loaded", async () => {
    const missing = await runCli(["validate", "--catalog", "nowhere.ts"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Catalog "nowhere.ts" does not exist. Fix: pass --catalog <module>');
    const noDefault = await runCli(["validate", "--catalog", "test/support/declare.ts"]);
    expect(noDefault.code).toBe(3);
    expect(noDefault.stderr).toContain('Catalog "test/support/declare.ts" has no default export of declarations. Fix: end it with `export default [ ...your assets ]`.');
  });
});

describe("lakeform list", () => {
  it("prints the selection in topological order, with the assets checks read among the upstream", async () => {
    const { code, stdout } = await runCli(["list", "+curated/revenue", ...shop]);
    expect(code).toBe(0);
    // clean/orders checks customer_id against raw/customers: a run builds it first, so +asset selects it.
    expect(stdout.split("\n").map((l) => l.split(/\s+/)[0])).toEqual(["ASSET", "raw/customers", "raw/orders", "clean/orders", "curated/revenue", "4", ""]);
    expect(stdout).toContain("clean/orders     asset   daily since 2024-01-01  eager           lag ≤ 4h (warn 2h)  4       team:commerce");
  });

  it("prints JSON with columns, dependencies and fingerprints", async () => {
    const { stdout } = await runCli(["list", "tag:pii", "--json", ...shop]);
    const nodes = JSON.parse(stdout) as { key: string; tags: string[]; columns: { name: string; pii?: unknown }[]; fingerprint: string }[];
    expect(nodes.map((n) => n.key)).toEqual(["raw/customers"]);
    expect(nodes[0]?.columns.find((c) => c.name === "email")?.pii).toEqual({ kind: "email", treatment: "hash" });
    expect(nodes[0]?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it("combines several selection arguments as a union", async () => {
    const { stdout } = await runCli(["list", "group:crm", "group:finance", "--json", ...shop]);
    expect((JSON.parse(stdout) as { key: string }[]).map((n) => n.key)).toEqual(["raw/customers", "curated/revenue"]);
  });

  it("exits 2 when the selection matches nothing or is malformed", async () => {
    const nothing = await runCli(["list", "tag:nope", ...shop]);
    expect(nothing).toMatchObject({ code: 2, stderr: '✗ Selection "tag:nope" matches no asset. Fix: run `lakeform list` to see keys, tags, groups and owners.\n' });
    const typo = await runCli(["list", "clean/ordrs", "--json", ...shop]);
    expect(typo.code).toBe(2);
    expect(JSON.parse(typo.stdout)).toEqual({
      error: { kind: "SelectionError", message: 'Selection "clean/ordrs": no asset "clean/ordrs". Fix: did you mean "clean/orders"? Run `lakeform list` to see the keys.' },
    });
  });
});

describe("lakeform lineage", () => {
  it("draws upstream and downstream trees", async () => {
    const { code, stdout } = await runCli(["lineage", "clean/orders", ...shop]);
    expect(code).toBe(0);
    expect(stdout).toBe(["clean/orders  (clean, asset)", "  upstream", "    └── raw/orders", "  downstream", "    └── curated/revenue", ""].join("\n"));
  });

  it("returns nested trees as JSON", async () => {
    const { stdout } = await runCli(["lineage", "curated/revenue", "--json", ...shop]);
    expect(JSON.parse(stdout)).toEqual([
      {
        key: "curated/revenue",
        upstream: [{ key: "clean/orders", children: [{ key: "raw/orders", children: [] }] }],
        downstream: [],
      },
    ]);
  });
});

describe("lakeform usage errors", () => {
  it("suggests the command meant and exits 2", async () => {
    expect(await runCli(["lst"])).toMatchObject({ code: 2, stderr: '✗ Unknown command "lst". Fix: did you mean "list"? Run `lakeform help` for the commands.\n' });
    const unknownOption = await runCli(["list", "--colour"]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("Unknown option '--colour'");
  });

  it("prints help with the commands and exit codes", async () => {
    const { code, stdout } = await runCli(["help"]);
    expect(code).toBe(0);
    for (const text of ["validate", "list", "lineage", "--catalog <module>", "Exit codes: 0 ok"]) expect(stdout).toContain(text);
  });
});
