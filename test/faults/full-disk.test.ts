import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { mountSmallDisk } from "../support/small-disk.ts";

const BIN = join(process.cwd(), "runtime/bin/lakeform.mjs");
const LAKEFORM = join(process.cwd(), "runtime/index.ts");

const disk = mountSmallDisk(3);
if (typeof disk === "string") console.warn(`Skipping the full-disk tests: ${disk}.`);
const project = mkdtempSync(join(tmpdir(), "lakeform-full-disk-"));
afterAll(() => {
  if (typeof disk !== "string") disk.unmount();
  rmSync(project, { recursive: true, force: true });
});

writeFileSync(join(project, "package.json"), '{ "type": "module" }\n');
writeFileSync(
  join(project, "catalog.ts"),
  [
    'import { writeFileSync } from "node:fs";',
    `import { asset, col, fileDrop, fn, source, sql } from "${LAKEFORM}";`,
    "",
    'export const numbers = asset("raw/numbers", { owners: ["team:data"], columns: { n: col.int64() }, compute: sql`select 1::bigint as n` });',
    'export const events = source("raw/events", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "events/*.csv" }), columns: { id: col.string(), note: col.string() } });',
    "",
    "/** Fills the disk (a small tmpfs) while it computes, as a full disk would: the state store cannot write either. */",
    'export const filled = asset("clean/filled", {',
    '  owners: ["team:data"],',
    "  columns: { n: col.int64() },",
    "  compute: fn({",
    "    inputs: { numbers },",
    "    async *run() {",
    "      try {",
    '        for (let i = 0; i < 1000; i++) writeFileSync(process.env.FILLER ?? "", Buffer.alloc(64 * 1024), { flag: "a" });',
    "      } catch {",
    "        // the disk is full",
    "      }",
    "      yield { n: 1n };",
    "    },",
    "  }),",
    "});",
    "",
    "export default [numbers, events, filled];",
  ].join("\n"),
);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function lakeform(home: string, argv: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv, "--catalog", "catalog.ts"],
      { cwd: project, env: { ...process.env, LAKEFORM_HOME: home, LAKEFORM_LANDING_DIR: join(project, "landing"), ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number((error as { code?: number }).code ?? 1), stdout, stderr }),
    );
  });
}

function rows<T>(home: string, sql: string): T[] {
  const db = new Database(join(home, "dev", "state.db"), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** Fills the disk at `path` with a file, leaving about `leaveKb` free. */
function fill(path: string, file: string, leaveKb: number): void {
  const { bavail, bsize } = statfsSync(path);
  const bytes = bavail * bsize - leaveKb * 1024;
  if (bytes > 0) writeFileSync(file, Buffer.alloc(bytes));
}

describe.skipIf(typeof disk === "string")("a full disk", () => {
  const root = typeof disk === "string" ? "" : disk.path;

  it("fails the partition with a clear message naming the file, never a fix about the data", async () => {
    const home = join(root, "engine");
    expect((await lakeform(home, ["materialize", "raw/numbers"])).code).toBe(0);
    mkdirSync(join(project, "landing", "events"), { recursive: true });
    const lines = Array.from({ length: 200_000 }, (_, i) => `e${i},note ${(i * 7919) % 1_000_003} ${i.toString(36)}`);
    writeFileSync(join(project, "landing", "events", "big.csv"), `id,note\n${lines.join("\n")}\n`);
    const filler = join(root, "engine-filler");
    fill(root, filler, 600);
    try {
      const result = await lakeform(home, ["materialize", "raw/events"]);
      expect(result.code).toBe(1);
      const output = result.stdout + result.stderr;
      expect(output).toMatch(/failed: Asset "raw\/events": the disk is full writing .*engine\/dev\/raw\/events\/v-[^ ]+\.parquet \(No space left on device\); nothing was published.*Fix: free space on the disk that holds /);
      expect(output).not.toContain("correct the value");
      expect(output).not.toContain("check the files against");
      const failed = rows<{ status: string; reason: string }>(home, "SELECT status, reason FROM materialisations WHERE asset = 'raw/events'");
      expect(failed).toEqual([{ status: "failed", reason: expect.stringContaining("the disk is full") }]);
      expect(rows<{ status: string }>(home, "SELECT status FROM runs WHERE status = 'running'")).toEqual([]);
    } finally {
      rmSync(filler, { force: true });
      rmSync(join(project, "landing"), { recursive: true, force: true });
    }
  });

  it("stops with a clear error when the state store cannot write, and the next run records the run failed", async () => {
    const home = join(root, "state");
    const filler = join(root, "state-filler");
    const result = await lakeform(home, ["materialize"], { FILLER: filler });
    rmSync(filler, { force: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`✗ The state store ${join(home, "dev", "state.db")} cannot be written: the disk is full`);
    expect(result.stderr).toContain("Fix: free space on the disk that holds");
    expect(result.stderr).not.toContain("SqliteError");
    expect(result.stderr).not.toMatch(/^\s+at /m);

    // With space again, the next run fails the one cut short (its process is gone), with the reason.
    expect((await lakeform(home, ["materialize", "raw/numbers"])).code).toBe(0);
    const [first] = rows<{ id: string; status: string }>(home, "SELECT id, status FROM runs ORDER BY started_at LIMIT 1");
    expect(first?.status).toBe("failed");
    const left = rows<{ asset: string; status: string; reason: string | null }>(home, `SELECT asset, status, reason FROM materialisations WHERE run_id = '${first?.id ?? ""}' AND asset = 'clean/filled'`);
    expect(left).toEqual([{ asset: "clean/filled", status: "failed", reason: expect.stringMatching(/the disk is full|abandoned/) }]);
  });
});
