import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

const BIN = join(process.cwd(), "runtime/bin/lakeform.mjs");
const RANGE = ["--from", "2024-01-01", "--to", "2024-01-08"];
/** Extra time after the run's first materialisation starts, so every kill lands inside a run. */
const KILL_AFTER_MS = [0, 100, 300, 600, 1000, 1500, 2200];

function eventsOf(day: number, count: number, prefix: string): string[][] {
  return Array.from({ length: count }, (_, i) => [`${prefix}-${day}-${i}`, `user${i % 500}@example.com`, "", `${(i % 100) + 0.5}`, `2024-01-0${day}T${String(i % 24).padStart(2, "0")}:00:00Z`]);
}

/** The assets whose published data and history the test inspects: kills must land in them. */
const INSPECTED = ["raw/events", "clean/events"];

/** Reads the workspace's state database directly (read-only); `undefined` before it exists. */
function readState<T>(ws: TempWorkspace, read: (db: Database.Database) => T): T | undefined {
  const path = join(ws.root, ".lakeform", "dev", "state.db");
  if (!existsSync(path)) return undefined;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } catch {
    return undefined; // not migrated yet
  } finally {
    db.close();
  }
}

/**
 * The ids of the running materialisations of inspected assets in the run of process `pid` started
 * at or after `since` — never rows left `running` by an earlier, killed process.
 */
function runningInspected(ws: TempWorkspace, pid: number, since: number): number[] {
  const rows = readState(ws, (db) =>
    db
      .prepare(
        `SELECT m.id FROM materialisations m JOIN runs r ON r.id = m.run_id
         WHERE r.pid = ? AND r.started_at >= ? AND m.status = 'running' AND m.asset IN (${INSPECTED.map(() => "?").join(", ")})`,
      )
      .all(pid, since, ...INSPECTED) as { id: number }[],
  );
  return (rows ?? []).map((r) => r.id);
}

/** Statuses and reasons of materialisations, by id. */
function materialisations(ws: TempWorkspace, ids: readonly number[]): { id: number; asset: string; status: string; reason: string | null }[] {
  return readState(ws, (db) => db.prepare(`SELECT id, asset, status, reason FROM materialisations WHERE id IN (${ids.map(() => "?").join(", ")}) ORDER BY id`).all(...ids)) as { id: number; asset: string; status: string; reason: string | null }[];
}

/**
 * Starts `lakeform materialize` in a child process, waits until this child's run is materialising
 * an inspected asset, then kills it with SIGKILL after `ms` more (or lets it finish when it
 * finishes first). Returns the signal and the materialisations of inspected assets the kill
 * interrupted (left `running` by the dead process).
 */
async function materializeAndKill(ws: TempWorkspace, ms: number): Promise<{ signal: NodeJS.Signals | null; interrupted: number[] }> {
  const since = Date.now() - 1; // the state store records milliseconds
  const child = spawn(process.execPath, [BIN, "materialize", ...RANGE, "--catalog", EVENTS_CATALOG], {
    cwd: ws.root,
    env: { ...process.env, LAKEFORM_LANDING_DIR: ws.landing, LAKEFORM_PII_KEY: "test-pii-key-0123456789", LAKEFORM_DUCKDB_MEMORY: "512MB" },
    stdio: "ignore",
  });
  const pid = child.pid ?? -1;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  let done = false;
  void exited.then(() => (done = true));
  for (let i = 0; i < 1200 && !done && runningInspected(ws, pid, since).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (!done) child.kill("SIGKILL");
  const signal = await exited;
  return { signal, interrupted: signal === "SIGKILL" ? runningInspected(ws, pid, since) : [] };
}

describe("crash safety", () => {
  const ws = new TempWorkspace(EVENTS_CATALOG);
  const countsByDay = async () => ws.query("select cast(occurred_at as date) as day, count(*) as n, count(distinct event_id) as ids from clean.events group by 1 order by 1");
  let before: Record<string, unknown>[];
  let after: Record<string, unknown>[];

  beforeAll(async () => {
    ws.land("clicks/a.jsonl", '{"click_id":"k1","page":"/","clicked_at":"2024-01-05T10:00:00Z"}\n');
    for (let day = 1; day <= 8; day++) ws.land(`events/day${day}.csv`, eventsCsv(eventsOf(day, 15_000, "a")));
    expect((await ws.lakeform(["materialize", ...RANGE])).code).toBe(0);
    before = await countsByDay();
    // New data lands: every day gains rows, so a finished run changes every partition.
    for (let day = 1; day <= 8; day++) ws.land(`events/late${day}.csv`, eventsCsv(eventsOf(day, 2_000, "b")));
  }, 120_000);
  afterAll(() => ws.remove());

  it("never shows partial data when a run is killed with -9 at any moment, and the next run converges", async () => {
    const newCounts = before.map((d) => Number(d.n) + 2_000);
    const interrupted: number[] = [];
    let killedInside = 0;
    for (const ms of KILL_AFTER_MS) {
      const kill = await materializeAndKill(ws, ms);
      if (kill.interrupted.length > 0) killedInside++;
      interrupted.push(...kill.interrupted);
      const seen = await countsByDay();
      // The clean tier publishes its 8 partitions in one transaction: all old or all new, never a mix.
      const counts = seen.map((d) => Number(d.n));
      const isOld = JSON.stringify(counts) === JSON.stringify(before.map((d) => Number(d.n)));
      const isNew = JSON.stringify(counts) === JSON.stringify(newCounts);
      expect(isOld || isNew, `after a kill at ${ms} ms: ${JSON.stringify(counts)}`).toBe(true);
      for (const day of seen) expect(day.n).toBe(day.ids);
    }
    // At least three kills landed while an inspected asset was being materialised.
    expect(killedInside).toBeGreaterThanOrEqual(3);
    const finished = await ws.lakeform(["materialize", ...RANGE]);
    expect(finished.code, finished.stdout).toBe(0);
    after = await countsByDay();
    expect(after.map((d) => Number(d.n))).toEqual(before.map((d) => Number(d.n) + 2_000));
    const history = JSON.parse((await ws.lakeform(["history", "clean/events", "--limit", "500", "--json"])).stdout) as { status: string; reason: string | null }[];
    expect(history.some((h) => h.status === "running")).toBe(false);
    const raw = JSON.parse((await ws.lakeform(["history", "raw/events", "--limit", "500", "--json"])).stdout) as { status: string; reason: string | null }[];
    expect(raw.some((h) => h.status === "running")).toBe(false);
    // Every materialisation a kill interrupted was recovered as abandoned (failed), none left running.
    const recovered = materialisations(ws, interrupted);
    expect(recovered.map((m) => m.id)).toEqual([...interrupted].sort((a, b) => a - b));
    for (const m of recovered) {
      expect(INSPECTED).toContain(m.asset);
      expect(m.status, `${m.asset} #${m.id}`).toBe("failed");
      expect(m.reason, `${m.asset} #${m.id}`).toMatch(/^abandoned/);
    }
  }, 300_000); // seven child processes, each killed or finished, then a full run: minutes on a loaded 2-core machine
});
