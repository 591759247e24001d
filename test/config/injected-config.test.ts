import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../../runtime/config/config-variables.ts";
import { runCli } from "../support/run-cli.ts";
import { EVENTS_CATALOG, TempWorkspace } from "../support/temp-workspace.ts";

const ws = new TempWorkspace(EVENTS_CATALOG);
afterAll(() => ws.remove());

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

describe("commands run with the configuration main parsed from the variables it was given", () => {
  it("puts the workspace where LAKEFORM_HOME and LAKEFORM_ENV say, without touching process.env", async () => {
    const before = { ...process.env };
    const { code, stderr } = await ws.lakeform(["status"], { LAKEFORM_HOME: "homes", LAKEFORM_ENV: "staging" });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(existsSync(join(ws.root, "homes", "staging", "state.db"))).toBe(true);
    expect(process.env).toEqual(before);
  });

  it("refuses bad variables before doing anything, listing them all (exit 2)", async () => {
    const { code, stdout, stderr } = await ws.lakeform(["status"], { LAKEFORM_HOME: "refused", LAKEFORM_MAX_RUNS: "many", LAKEFORM_DUCKDB_MEMORY: "lots", LAKEFORM_PII_KEY: "short" });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      [
        "✗ Invalid configuration (2 bad variables):",
        ' - LAKEFORM_DUCKDB_MEMORY "lots" is not an amount of memory. Fix: set it to e.g. 512MB or 4GB (units KB, MB, GB, TB, KiB … TiB), or unset it for 1GB.',
        ' - LAKEFORM_MAX_RUNS "many" is not a whole number. Fix: set it to a number of runs such as 4, or unset it for the default (4).',
        "",
      ].join("\n"),
    );
    expect(existsSync(join(ws.root, "refused"))).toBe(false);
  });

  it("says so in JSON with --json, and still shows help", async () => {
    const failed = await runCli(["list", "--json"], process.cwd(), { LAKEFORM_DEBUG: "yes" });
    expect(failed.code).toBe(2);
    expect(JSON.parse(failed.stdout)).toEqual({ error: { kind: "ConfigError", message: 'Invalid configuration (1 bad variable):\n - LAKEFORM_DEBUG "yes" is not 1 or 0. Fix: set it to 1 to print stack traces, or unset it.' } });
    expect((await runCli(["list", "--help"], process.cwd(), { LAKEFORM_DEBUG: "yes" })).code).toBe(0);
  });
});

describe("one configuration", () => {
  const files = sourceFiles("runtime");

  it("reads process.env only in the CLI entry (and the scheduler's test-only pause)", () => {
    const code = (f: string) => readFileSync(f, "utf8").split("\n").filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)).join("\n");
    const readers = files.filter((f) => /process\.env\b/.test(code(f)));
    expect(readers.sort()).toEqual(["runtime/cli.ts", "runtime/scheduler/tick.ts"]);
    expect(readFileSync("runtime/scheduler/tick.ts", "utf8").match(/process\.env\.\w+/g)).toEqual(["process.env.LAKEFORM_TEST_PAUSE_AFTER_CLAIM"]);
  });

  it("lists every variable the code names in docs/configuration.md", () => {
    const named = new Set(files.flatMap((f) => readFileSync(f, "utf8").match(/LAKEFORM_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []));
    const listed = CONFIG_VARIABLES.map((v) => v.name);
    expect([...named].filter((name) => !listed.includes(name))).toEqual([]);
    const doc = readFileSync("docs/configuration.md", "utf8");
    expect(listed.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });
});
