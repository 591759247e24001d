import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { folderCycles, importEdges, type ImportEdge } from "./import-graph.ts";

const ROOT = process.cwd();
const edges = importEdges(ROOT, ["runtime", "infra", "policies"]);

/**
 * The layers of runtime/, lowest first: an import may point to its own layer or a lower one,
 * never up. cli, ui → scheduler → run → seams (engines → sources, catalog → state, storage → workspace) → config → core.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["core", "index.ts"],
  ["transpile"],
  ["config"],
  ["workspace"],
  ["state", "storage"],
  ["sources", "catalog"],
  ["engines"],
  ["freshness", "alerts"],
  ["run"],
  ["lineage", "logs"],
  ["scheduler"],
  ["cli", "cli.ts", "ui"],
  ["bin"],
];

function layerOf(path: string): number | undefined {
  const top = /^runtime\/([^/]+)/.exec(path)?.[1];
  const index = LAYERS.findIndex((layer) => top !== undefined && layer.includes(top));
  return index < 0 ? undefined : index;
}

const describeEdge = (e: ImportEdge) => `${e.from} → ${e.to}`;

describe("the layout shows the flow", () => {
  it("has no import cycle between folders", () => {
    expect(folderCycles(edges)).toEqual([]);
  });

  it("points imports one way: cli → scheduler → run → seams → core", () => {
    const upward = edges.filter((e) => !e.isPackage && e.from.startsWith("runtime/") && e.to.startsWith("runtime/") && (layerOf(e.to) ?? 0) > (layerOf(e.from) ?? 0));
    expect(upward.map(describeEdge)).toEqual([]);
    const unknown = edges.filter((e) => e.from.startsWith("runtime/") && layerOf(e.from) === undefined).map((e) => e.from);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it("keeps the core pure: it imports only the core, and no I/O", () => {
    const allowed = new Set(["zod", "cron-parser", "node:crypto", "node:path", "node:url"]);
    const outside = edges.filter((e) => e.from.startsWith("runtime/core/") && (e.isPackage ? !allowed.has(e.to) : !e.to.startsWith("runtime/core/")));
    expect(outside.map(describeEdge)).toEqual([]);
  });

  it("lets infra/ and policies/ use the core without pulling the runtime in", () => {
    const runtimeImports = edges.filter((e) => (e.from.startsWith("infra/") || e.from.startsWith("policies/")) && !e.isPackage && e.to.startsWith("runtime/") && !e.to.startsWith("runtime/core/") && e.to !== "runtime/index.ts");
    expect(runtimeImports.map(describeEdge)).toEqual([]);
  });

  it("lets only the CLI and the UI of the runtime read plans: runtime/ imports from infra/ only in runtime/cli and runtime/ui, and only infra/plan/", () => {
    const infraImports = edges.filter((e) => e.from.startsWith("runtime/") && !e.isPackage && e.to.startsWith("infra/"));
    const reader = (from: string) => from.startsWith("runtime/cli/") || from.startsWith("runtime/ui/");
    expect(infraImports.filter((e) => !reader(e.from) || !e.to.startsWith("infra/plan/")).map(describeEdge)).toEqual([]);
  });

  it("lets only the CLI of the runtime run governance rules: runtime/ imports from policies/ only in runtime/cli", () => {
    const policyImports = edges.filter((e) => e.from.startsWith("runtime/") && !e.isPackage && e.to.startsWith("policies/"));
    expect(policyImports.filter((e) => !e.from.startsWith("runtime/cli/")).map(describeEdge)).toEqual([]);
  });

  it("keeps policies/ on plain data: from infra/ it imports only infra/plan/ (the Pulumi program is run in a child process, not imported)", () => {
    const infraImports = edges.filter((e) => e.from.startsWith("policies/") && !e.isPackage && e.to.startsWith("infra/") && !e.to.startsWith("infra/plan/"));
    expect(infraImports.map(describeEdge)).toEqual([]);
  });

  it("keeps infra/plan/ free of Pulumi: plans are plain data, Pulumi components only map them", () => {
    const pulumiImports = edges.filter((e) => e.from.startsWith("infra/plan/") && e.isPackage && e.to.startsWith("@pulumi/"));
    expect(pulumiImports.map(describeEdge)).toEqual([]);
  });

  it("finds a cycle when there is one (the check itself works)", () => {
    const a = "runtime/x/a.ts";
    const b = "runtime/y/b.ts";
    expect(folderCycles([{ from: a, to: b, isPackage: false }, { from: b, to: a, isPackage: false }])).toEqual([[dirname(a), dirname(b)]]);
  });
});
