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

/** Whether any materialisation of the workspace is running (its state database, read directly). */
function somethingRunning(ws: TempWorkspace): boolean {
  const path = join(ws.root, ".lakeform", "dev", "state.db");
  if (!existsSync(path)) return false;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM materialisations WHERE status = 'running' LIMIT 1").get() !== undefined;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/**
 * Starts `lakeform materialize` in a child process, waits until it is materialising, then kills it
 * with SIGKILL after `ms` more (or lets it finish when it finishes first).
 */
async function materializeAndKill(ws: TempWorkspace, ms: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [BIN, "materialize", ...RANGE, "--catalog", EVENTS_CATALOG], {
    cwd: ws.root,
    env: { ...process.env, LAKEFORM_LANDING_DIR: ws.landing, LAKEFORM_PII_KEY: "test-pii-key-0123456789", LAKEFORM_DUCKDB_MEMORY: "512MB" },
    stdio: "ignore",
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  let done = false;
  void exited.then(() => (done = true));
  for (let i = 0; i < 600 && !done && !somethingRunning(ws); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (!done) child.kill("SIGKILL");
  return exited;
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
  });
  afterAll(() => ws.remove());

  it("never shows partial data when a run is killed with -9 at any moment, and the next run converges", async () => {
    const newCounts = before.map((d) => Number(d.n) + 2_000);
    let killed = 0;
    for (const ms of KILL_AFTER_MS) {
      if ((await materializeAndKill(ws, ms)) === "SIGKILL") killed++;
      const seen = await countsByDay();
      // The clean tier publishes its 8 partitions in one transaction: all old or all new, never a mix.
      const counts = seen.map((d) => Number(d.n));
      const isOld = JSON.stringify(counts) === JSON.stringify(before.map((d) => Number(d.n)));
      const isNew = JSON.stringify(counts) === JSON.stringify(newCounts);
      expect(isOld || isNew, `after a kill at ${ms} ms: ${JSON.stringify(counts)}`).toBe(true);
      for (const day of seen) expect(day.n).toBe(day.ids);
    }
    expect(killed).toBeGreaterThanOrEqual(3);
    const finished = await ws.lakeform(["materialize", ...RANGE]);
    expect(finished.code, finished.stdout).toBe(0);
    after = await countsByDay();
    expect(after.map((d) => Number(d.n))).toEqual(before.map((d) => Number(d.n) + 2_000));
    const history = JSON.parse((await ws.lakeform(["history", "clean/events", "--limit", "500", "--json"])).stdout) as { status: string; reason: string | null }[];
    expect(history.some((h) => h.status === "running")).toBe(false);
    const raw = JSON.parse((await ws.lakeform(["history", "raw/events", "--limit", "500", "--json"])).stdout) as { status: string; reason: string | null }[];
    const abandoned = [...history, ...raw].filter((h) => h.reason?.startsWith("abandoned"));
    expect(abandoned.length).toBeGreaterThan(0);
    expect(abandoned.every((h) => h.status === "failed")).toBe(true);
  });
});
