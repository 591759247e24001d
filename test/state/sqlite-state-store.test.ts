import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, migrations } from "../../runtime/state/sqlite/migrations.ts";
import { busyTimeoutMs, openSqliteDatabase } from "../../runtime/state/sqlite/open-sqlite-database.ts";
import { SqliteStateStore } from "../../runtime/state/sqlite/sqlite-state-store.ts";
import { describeSchedulerStoreContract } from "./scheduler-store-contract.ts";
import { describeStateStoreContract } from "./state-store-contract.ts";
import { startWorker } from "./support/start-worker.ts";

const workerScript = fileURLToPath(new URL("./support/publish-worker.ts", import.meta.url));

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-state-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describeStateStoreContract("SQLite in memory", async () => SqliteStateStore.open(":memory:"));

let fileCount = 0;
describeStateStoreContract("SQLite file", async () => SqliteStateStore.open(join(tempDir(), `state-${fileCount++}.db`)));

describe("SQLite state store: schema and settings", () => {
  it("records every migration once; reopening, even while open elsewhere, changes nothing and keeps the data", async () => {
    const path = join(tempDir(), "state.db");
    const first = SqliteStateStore.open(path);
    await first.createRun({ id: "r1", selection: "*", trigger: "manual", startedAt: new Date(0), pid: 1, host: "h" });
    const second = SqliteStateStore.open(path);
    expect((await second.getRun("r1"))?.id).toBe("r1");
    await Promise.all([first.close(), second.close()]);
    const third = SqliteStateStore.open(path);
    expect((await third.listRuns()).map((r) => r.id)).toEqual(["r1"]);
    await third.close();

    const db = new Database(path);
    try {
      const applied = db.prepare("SELECT version, applied_at FROM schema_migrations ORDER BY version").all() as { version: number; applied_at: string }[];
      expect(applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
      expect(applied.every((m) => !Number.isNaN(Date.parse(m.applied_at)))).toBe(true);
      expect(applyMigrations(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("applies pending migrations in order and only those", () => {
    const db = new Database(":memory:");
    try {
      const steps = [
        { version: 1, description: "one", sql: "CREATE TABLE one (x INTEGER)" },
        { version: 2, description: "two", sql: "CREATE TABLE two (x INTEGER)" },
      ];
      expect(applyMigrations(db, steps.slice(0, 1))).toEqual([1]);
      expect(applyMigrations(db, steps)).toEqual([2]);
      expect(applyMigrations(db, steps)).toEqual([]);
      expect(() => applyMigrations(db, [steps[1], steps[0]].filter((s) => s !== undefined))).toThrow(/Migration 1 \("one"\) is out of order\. Fix:/);
    } finally {
      db.close();
    }
  });

  it("rolls a failing migration back and refuses a database written by a newer Lakeform", () => {
    const db = new Database(":memory:");
    try {
      const broken = [{ version: 1, description: "broken", sql: "CREATE TABLE t (x INTEGER); INSERT INTO nope VALUES (1)" }];
      expect(() => applyMigrations(db, broken)).toThrow(/no such table: nope/);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'x')").run();
      expect(() => applyMigrations(db)).toThrow(`schema version 999, newer than this Lakeform knows (${migrations.at(-1)?.version ?? 0}). Fix: upgrade Lakeform`);
    } finally {
      db.close();
    }
  });

  it("uses WAL, synchronous NORMAL, foreign keys and a busy timeout", () => {
    const path = join(tempDir(), "state.db");
    const db = openSqliteDatabase(path);
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("synchronous", { simple: true })).toBe(1);
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.pragma("busy_timeout", { simple: true })).toBe(busyTimeoutMs);
    } finally {
      db.close();
    }
    const other = new Database(path);
    try {
      expect(other.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      other.close();
    }
  });
});

describe("SQLite state store: several processes at once", () => {
  it("queues writers from 3 processes publishing the same partition: one visible version, the rest superseded, no SQLITE_BUSY", async () => {
    const path = join(tempDir(), "shared.db");
    const iterations = 40;
    const workers = ["w1", "w2", "w3"].map((name) => startWorker(workerScript, [path, name, String(iterations)], name, 60_000));
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const exits = await Promise.all(workers.map((w) => w.exit));

    expect(exits.map((e) => e.stderr).join("")).not.toMatch(/SQLITE_BUSY|database is locked/);
    expect(exits).toEqual(workers.map(() => ({ code: 0, stderr: "" })));

    const store = SqliteStateStore.open(path);
    let publishedId: number | undefined;
    try {
      const history = await store.materialisationHistory("clean/orders", { partition: "2024-05-01" });
      expect(history).toHaveLength(3 * iterations);
      expect(new Set(history.map((m) => m.id)).size).toBe(3 * iterations);
      const published = history.filter((m) => m.status === "published");
      expect(published).toHaveLength(1);
      publishedId = published[0]?.id;
      expect(history.filter((m) => m.status !== "published").every((m) => m.status === "superseded")).toBe(true);
      // Each worker publishes in order, so the last publish of all is some worker's last iteration.
      expect(published[0]?.version).toMatch(new RegExp(`^v-w[123]-${iterations - 1}$`));
      expect((await store.publishedVersions("clean/orders")).map((p) => p.materialisationId)).toEqual([published[0]?.id]);
      const runs = await store.listRuns();
      expect(runs).toHaveLength(3 * iterations);
      expect(runs.every((r) => r.status === "succeeded")).toBe(true);
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare("SELECT materialisation_id AS id FROM published WHERE asset = ? AND partition_key = ?").all("clean/orders", "2024-05-01")).toEqual([{ id: publishedId }]);
    } finally {
      db.close();
    }
  });
});

describeSchedulerStoreContract("SQLite", async () => SqliteStateStore.open(":memory:"));

describe("SQLite state store: several stores on one file in one process", () => {
  it("lets them write at once: their transactions take turns instead of waiting out the busy timeout", async () => {
    const path = join(tempDir(), "shared.db");
    const stores = [SqliteStateStore.open(path), SqliteStateStore.open(path), SqliteStateStore.open(path)];
    try {
      const claim = (i: number) => ({ asset: "clean/a", partition: `p${i}`, trigger: "schedule" as const, slot: "s", attempt: 0, tickId: `t${i}`, claimedAt: new Date(i * 1000), host: "elsewhere", pid: 1 });
      const started = Date.now();
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (stores[i % 3] as SqliteStateStore).claimLaunch(claim(i))));
      await Promise.all(stores.map((store, i) => store.createRun({ id: `r${i}`, selection: "*", trigger: "manual", startedAt: new Date(0), pid: 1, host: "h" })));
      expect(results.every(Boolean)).toBe(true);
      expect(Date.now() - started).toBeLessThan(busyTimeoutMs);
      expect((await (stores[0] as SqliteStateStore).listRuns()).map((r) => r.id).sort()).toEqual(["r0", "r1", "r2"]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
