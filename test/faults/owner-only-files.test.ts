import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

const BIN = join(process.cwd(), "runtime/bin/lakeform.mjs");
const ws = new TempWorkspace(EVENTS_CATALOG);
afterAll(() => ws.remove());

/** Runs the lakeform executable under the usual permissive umask (022). */
async function lakeformWithUmask022(argv: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "/bin/sh",
      ["-c", 'umask 022 && exec "$0" "$@"', process.execPath, BIN, ...argv, "--catalog", EVENTS_CATALOG],
      { cwd: ws.root, env: { ...process.env, LAKEFORM_PII_KEY: "test-pii-key-0123456789", LAKEFORM_DUCKDB_MEMORY: "512MB" }, timeout: 120_000 },
      (error, _stdout, stderr) => resolve({ code: error === null ? 0 : Number((error as { code?: number }).code ?? 1), stderr }),
    );
  });
}

/** `path (mode)` of every entry under `dir` whose permissions are not `dirMode`/`fileMode`. */
function tooOpen(dir: string, root: string): string[] {
  const found: string[] = [];
  const mode = statSync(dir).mode & 0o777;
  if (mode !== 0o700) found.push(`${relative(root, dir) || "."}/ (${mode.toString(8)})`);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...tooOpen(path, root));
    else if ((statSync(path).mode & 0o777) !== 0o600) found.push(`${relative(root, path)} (${(statSync(path).mode & 0o777).toString(8)})`);
  }
  return found;
}

describe("workspace files are the owner's only, whatever the umask", () => {
  it("creates the state database, its WAL files and data files 0600 in 0700 folders", async () => {
    // The first command creates the workspace; the user then drops a file in its landing folder.
    expect((await lakeformWithUmask022(["status"])).code).toBe(0);
    const landing = join(ws.root, ".lakeform", "dev", "landing");
    mkdirSync(join(landing, "events"));
    writeFileSync(join(landing, "events", "a.csv"), eventsCsv([["e1", "a@example.com", "+33 6 12 34 56 78", "1.50", "2024-01-01T10:00:00Z"], ["e2", "b@example.com", "", "30.00", "2024-01-01T11:00:00Z"]]));
    const result = await lakeformWithUmask022(["materialize", "--partition", "2024-01-01", "raw/events+"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const home = join(ws.root, ".lakeform");
    // What the user dropped in the landing folder is theirs; the folder itself is Lakeform's.
    expect(tooOpen(home, home).filter((p) => !p.startsWith("dev/landing/events"))).toEqual([]);
    expect(readdirSync(join(home, "dev"))).toEqual(expect.arrayContaining(["state.db", "raw", "clean", "landing"]));
  });
});
