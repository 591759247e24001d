import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

const ws = new TempWorkspace(EVENTS_CATALOG);
const statePath = join(ws.root, ".lakeform", "dev", "state.db");
const good = join(ws.root, "good-state.db");

/** Puts a copy of the good state back, with `damage` applied to it. */
function restore(damage: (path: string) => void): void {
  rmSync(statePath, { recursive: true, force: true });
  for (const suffix of ["-wal", "-shm"]) rmSync(`${statePath}${suffix}`, { force: true });
  for (const name of readdirSync(join(ws.root, ".lakeform", "dev"))) if (name.startsWith("state.db.unreadable-")) rmSync(join(ws.root, ".lakeform", "dev", name));
  copyFileSync(good, statePath);
  damage(statePath);
}

/** Overwrites the first page of `table` with garbage: the file still opens, queries of that table fail. */
function damagePageOf(table: string): (path: string) => void {
  return (path) => {
    const db = new Database(path, { readonly: true });
    const { pageno, pgsize } = db.prepare("SELECT pageno, pgsize FROM dbstat WHERE name = ? ORDER BY pageno LIMIT 1").get(table) as { pageno: number; pgsize: number };
    db.close();
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.alloc(pgsize, 0xab), 0, pgsize, (pageno - 1) * pgsize);
    closeSync(fd);
  };
}

function expectClear(result: { code: number; stdout: string; stderr: string }, text: string): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(text);
  expect(result.stderr).not.toContain("SqliteError");
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

beforeAll(async () => {
  ws.land("events/a.csv", eventsCsv([["e1", "a@example.com", "", "1.50", "2024-01-01T10:00:00Z"]]));
  expect((await ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-01"])).code).toBe(0);
  // A checkpoint puts everything in the main file, so a copy of it is the whole state.
  const db = new Database(statePath);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  copyFileSync(statePath, good);
});
afterAll(() => ws.remove());

describe("a broken state store is reported with its path and the way out, never a stack", () => {
  it("refuses a directory in place of state.db", async () => {
    restore((path) => {
      rmSync(path);
      mkdirSync(path);
    });
    expectClear(await ws.lakeform(["status"]), `✗ The state store ${statePath} is a directory, not a database file. Fix: move that directory away`);
  });

  it("reports damage that opening does not meet, when a query reaches it", async () => {
    restore(damagePageOf("published"));
    const message = `✗ The state store ${statePath} cannot be read: database disk image is malformed. Fix: restore it from a backup, or run again with --reinitialise`;
    expectClear(await ws.lakeform(["status"]), message);
    const materialize = await ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-01"]);
    expectClear(materialize, message);
  });

  it("reports a file cut short", async () => {
    restore((path) => truncateSync(path, Math.floor(statSync(path).size / 2)));
    expectClear(await ws.lakeform(["status"]), `✗ The state store ${statePath} cannot be read: database disk image is malformed. Fix:`);
  });

  it("moves damaged state aside with --reinitialise, however deep the damage", async () => {
    restore(damagePageOf("published"));
    const result = await ws.lakeform(["status", "--reinitialise"]);
    expect(result.stderr).not.toContain("SqliteError");
    expect(result.code).toBe(0);
    expect(readdirSync(join(ws.root, ".lakeform", "dev")).some((n) => n.startsWith("state.db.unreadable-"))).toBe(true);
    expect(existsSync(statePath)).toBe(true);
  });
});
