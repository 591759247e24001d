import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

const BIN = join(process.cwd(), "runtime/bin/lakeform.mjs");
const RANGE = ["--from", "2024-01-01", "--to", "2024-01-08"];
const KILL_AFTER_MS = [150, 400, 700, 1000, 1400, 1900, 2500];

function eventsOf(day: number, count: number, prefix: string): string[][] {
  return Array.from({ length: count }, (_, i) => [`${prefix}-${day}-${i}`, `user${i % 500}@example.com`, "", `${(i % 100) + 0.5}`, `2024-01-0${day}T${String(i % 24).padStart(2, "0")}:00:00Z`]);
}

/** Starts `lakeform materialize` in a child process and kills it with SIGKILL after `ms`. */
function materializeAndKill(ws: TempWorkspace, ms: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "materialize", ...RANGE, "--catalog", EVENTS_CATALOG], {
      cwd: ws.root,
      env: { ...process.env, LAKEFORM_LANDING_DIR: ws.landing, LAKEFORM_PII_KEY: "test-pii-key-0123456789", LAKEFORM_DUCKDB_MEMORY: "512MB" },
      stdio: "ignore",
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      resolve(signal);
    });
  });
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
