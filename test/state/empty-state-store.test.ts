import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildAssetGraph } from "../../runtime/core/graph/build-asset-graph.ts";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { openRuntime } from "../../runtime/run/open-runtime.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { aSource } from "../support/declare.ts";
import { TempWorkspace } from "../support/temp-workspace.ts";
import { describePostgres, TestSchemas } from "./support/postgres-test-database.ts";

const AIRPORTS_CATALOG = join(process.cwd(), "test/fixtures/catalogs/airports.ts");

let ws: TempWorkspace;
let statePath: string;
beforeEach(async () => {
  ws = new TempWorkspace(AIRPORTS_CATALOG);
  statePath = join(ws.root, ".lakeform", "dev", "state.db");
  const run = await ws.lakeform(["status"]);
  expect(run.code, run.stderr + run.stdout).toBe(0);
  // What a materialisation leaves in the workspace: a published data file of raw/airports.
  mkdirSync(join(ws.root, ".lakeform", "dev", "raw", "airports"), { recursive: true });
  writeFileSync(join(ws.root, ".lakeform", "dev", "raw", "airports", "v-1.parquet"), "PAR1");
});
afterEach(() => ws.remove());

function removeSidecars(): void {
  for (const suffix of ["-wal", "-shm"]) rmSync(`${statePath}${suffix}`, { force: true });
}

describe("a state store without state next to published data is an error, never a silent fresh start", () => {
  it("refuses a zero-length state.db, naming the path and --reinitialise", async () => {
    removeSidecars();
    truncateSync(statePath, 0);
    const status = await ws.lakeform(["status"]);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`The state store ${statePath} is empty, but the workspace ${join(ws.root, ".lakeform", "dev")} holds published data files (such as raw/airports/`);
    expect(status.stderr).toContain("Fix: restore the state store from a backup, or run again with --reinitialise");
    expect(status.stdout).toBe("");
  });

  it("refuses a missing state.db in the same way, and creates nothing", async () => {
    removeSidecars();
    rmSync(statePath);
    const materialize = await ws.lakeform(["materialize", "raw/airports"]);
    expect(materialize.code).toBe(1);
    expect(materialize.stdout).toBe("");
    expect(materialize.stderr).toContain(`The state store ${statePath} is missing, but the workspace`);
    expect(materialize.stderr).toContain("--reinitialise");
    expect(existsSync(statePath)).toBe(false);
  });

  it("refuses an unreadable state.db with its path, not a stack trace", async () => {
    removeSidecars();
    writeFileSync(statePath, "this is not a SQLite database, just text that replaced it".repeat(100));
    const status = await ws.lakeform(["status"]);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(new RegExp(`^✗ The state store ${statePath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} cannot be read: file is not a database\\. Fix: restore it from a backup, or run again with --reinitialise`));
    expect(status.stderr).not.toMatch(/\n\s+at /);
  });

  it("starts a new store with --reinitialise and says what it did; the old data is then not visible", async () => {
    removeSidecars();
    truncateSync(statePath, 0);
    const status = await ws.lakeform(["status", "--reinitialise", "--json"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toContain(`Started a new, empty state store at ${statePath} (--reinitialise).`);
    expect(status.stderr).toContain("are no longer visible to Lakeform");
    const again = await ws.lakeform(["status"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("never");
  });

  it("moves an unreadable state.db aside with --reinitialise", async () => {
    removeSidecars();
    writeFileSync(statePath, "garbage".repeat(1000));
    const status = await ws.lakeform(["history", "raw/airports", "--reinitialise"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toContain("The unreadable store was moved to");
    expect(readdirSync(join(ws.root, ".lakeform", "dev")).some((name) => name.startsWith("state.db.unreadable-"))).toBe(true);
  });
});

describe("a workspace without data files", () => {
  it("initialises its state store silently", async () => {
    const fresh = new TempWorkspace(AIRPORTS_CATALOG);
    try {
      const status = await fresh.lakeform(["status"]);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stderr).toBe("");
      expect(existsSync(join(fresh.root, ".lakeform", "dev", "state.db"))).toBe(true);
    } finally {
      fresh.remove();
    }
  });
});

describePostgres("PostgreSQL state store without tables next to data files", (url) => {
  const schemas = new TestSchemas(url, "emptystore");
  const dirs: string[] = [];
  afterEach(async () => {
    await schemas.dropAll();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function workspaceWithData(withData: boolean) {
    const cwd = mkdtempSync(join(tmpdir(), "lakeform-pg-ws-"));
    dirs.push(cwd);
    const workspace = workspaceOf({ environment: "dev", cwd });
    if (withData) {
      mkdirSync(join(workspace.dataDir, "raw", "x"), { recursive: true });
      writeFileSync(join(workspace.dataDir, "raw", "x", "v-1.parquet"), "PAR1");
    }
    return workspace;
  }

  it("refuses a schema with no tables, naming the URL, schema and --reinitialise", async () => {
    const schema = schemas.fresh();
    const env = { LAKEFORM_STATE_URL: url, LAKEFORM_STATE_SCHEMA: schema };
    await expect(openRuntime(buildAssetGraph([aSource("raw/x")]), workspaceWithData(true), runtimeConfigFrom(env))).rejects.toThrow(
      new RegExp(`The state store postgres://.*\\(schema "${schema}"\\) has no Lakeform tables, but the workspace .* holds published data files \\(such as raw/x/v-1\\.parquet\\).*--reinitialise`),
    );
  });

  it("creates the tables with --reinitialise, and silently for a workspace without data", async () => {
    const notices: string[] = [];
    const withData = await openRuntime(buildAssetGraph([aSource("raw/x")]), workspaceWithData(true), runtimeConfigFrom({ LAKEFORM_STATE_URL: url, LAKEFORM_STATE_SCHEMA: schemas.fresh() }), undefined, {
      reinitialise: true,
      notify: (m) => notices.push(m),
    });
    await withData.close();
    expect(notices[0]).toMatch(/^Started a new, empty state store at postgres:\/\//);
    const fresh = await openRuntime(buildAssetGraph([aSource("raw/x")]), workspaceWithData(false), runtimeConfigFrom({ LAKEFORM_STATE_URL: url, LAKEFORM_STATE_SCHEMA: schemas.fresh() }));
    expect(await fresh.state.listRuns()).toEqual([]);
    await fresh.close();
  });
});
