import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followRunLogs } from "../../runtime/logs/follow-run-logs.ts";
import { logFiles } from "../../runtime/logs/log-partitions.ts";
import { runLogWriter } from "../../runtime/logs/run-log-writer.ts";
import { fileTransport } from "../../runtime/lineage/lineage-transport.ts";
import type { RunEvent } from "../../runtime/lineage/run-event.ts";
import type { RunLogLine } from "../../runtime/logs/run-log-line.ts";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

let ws: TempWorkspace;
let logsDir: string;
let firstRun: string;
let secondRun: string;

const logs = async (argv: readonly string[]): Promise<RunLogLine[]> => {
  const { code, stdout, stderr } = await ws.lakeform(["logs", ...argv, "--json"]);
  if (code !== 0) throw new Error(`logs failed (${code}): ${stderr}${stdout}`);
  return JSON.parse(stdout) as RunLogLine[];
};

beforeAll(async () => {
  ws = new TempWorkspace(EVENTS_CATALOG);
  logsDir = join(ws.root, ".lakeform", "dev", "logs");
  ws.land("events/2024-01-01.csv", eventsCsv([["e1", "a@example.com", "", "10.00", "2024-01-01T10:00:00Z"]]));
  ws.land("events/2024-01-02.csv", eventsCsv([["e2", "b@example.com", "", "-5.00", "2024-01-02T10:00:00Z"]]));
  const first = await ws.lakeform(["materialize", "raw/events+", "--from", "2024-01-01", "--to", "2024-01-02", "--json"]);
  firstRun = (JSON.parse(first.stdout) as { runId: string }).runId;
  const second = await ws.lakeform(["materialize", "clean/events", "--from", "2024-01-01", "--to", "2024-01-01", "--json"]);
  secondRun = (JSON.parse(second.stdout) as { runId: string }).runId;
}, 120_000);

afterAll(() => ws?.remove());

describe("run logs as data", () => {
  it("writes each run's lines as JSON to the logs tier, by date and run, each naming run, tick, asset, partition, level, message and time", async () => {
    const files = logFiles(logsDir, "runs").map((f) => f.slice(logsDir.length + 1));
    const today = new Date().toISOString().slice(0, 10);
    expect(files.sort()).toEqual([`runs/dt=${today}/${firstRun}.jsonl`, `runs/dt=${today}/${secondRun}.jsonl`].sort());
    const lines = await logs(["--run", firstRun]);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(["asset", "duration_ms", "event", "level", "message", "partition", "rows", "run_id", "status", "tick_id", "time"]);
      expect(line.run_id).toBe(firstRun);
      expect(line.tick_id).toBeNull();
    }
    expect(lines[0]).toMatchObject({ event: "run_started", level: "info", asset: null });
    expect(lines.at(-1)).toMatchObject({ event: "run_finished", status: "succeeded" });
    const finished = lines.filter((l) => l.event === "step_finished").map((l) => `${l.asset} ${l.partition} ${l.status} ${l.rows}`);
    expect(finished).toContain("clean/events 2024-01-01 published 1");
    expect(finished).toContain("curated/daily_totals 2024-01-02 published 1");
    // A warning check that failed says so, on a line at its level.
    const warned = lines.find((l) => l.event === "step_finished" && l.asset === "raw/events" && l.partition === "2024-01-02");
    expect(warned?.message).toMatch(/raw\/events \[2024-01-02\] published \(1 rows\); check range_amount warn: /);
  });

  it("filters by run, by asset selection and by age", async () => {
    const all = await logs([]);
    expect(new Set(all.map((l) => l.run_id))).toEqual(new Set([firstRun, secondRun]));
    expect(new Set((await logs(["--run", secondRun])).map((l) => l.asset))).toEqual(new Set([null, "clean/events"]));
    expect(new Set((await logs(["curated/daily_totals"])).map((l) => l.asset))).toEqual(new Set(["curated/daily_totals"]));
    expect((await logs(["--since", "1h"])).length).toBe(all.length);
    const later = new Date(Date.now() + 2 * 3_600_000).toISOString();
    expect(await logs(["--since", "1h", "--now", later])).toEqual([]);
    const text = await ws.lakeform(["logs", "--run", secondRun]);
    expect(text.stdout).toMatch(new RegExp(`^\\S+Z INFO  ${secondRun} run started \\(manual\\): clean/events`, "m"));
    const bad = await ws.lakeform(["logs", "--since", "yesterday"]);
    expect(bad.stderr).toContain('--since "yesterday" is neither a duration nor an ISO date-time. Fix: e.g. --since 1h');
  });

  it("answers SQL over the logs with DuckDB, read-only", async () => {
    const { code, stdout } = await ws.lakeform(["logs", "query", "select asset, count(*) as published from logs where status = 'published' group by asset order by asset", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { asset: "clean/events", published: "3" },
      { asset: "curated/big_spenders", published: "1" },
      { asset: "curated/daily_totals", published: "2" },
      { asset: "raw/events", published: "2" },
    ]);
    const refused = await ws.lakeform(["logs", "query", "copy (select 1) to 'out.csv'"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("Query refused: only SELECT statements are allowed");
    const outside = await ws.lakeform(["logs", "query", "select * from read_csv('/etc/passwd')"]);
    expect(outside.code).not.toBe(0);
  });

  it("records the tick that launched a run on its lines, in the partition of the tick's date", async () => {
    const tickWs = new TempWorkspace(EVENTS_CATALOG);
    try {
      tickWs.land("clicks/1.jsonl", `${JSON.stringify({ click_id: "c1", page: "/", clicked_at: "2024-01-01T10:00:00Z" })}\n`);
      const report = await tickWs.tick<{ tickId: string; run?: { runId: string } }>("2024-03-01T09:00:00Z");
      const dir = join(tickWs.root, ".lakeform", "dev", "logs");
      const lines = logFiles(dir, "runs");
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((f) => f.includes("/runs/dt=2024-03-01/"))).toBe(true);
      const { stdout } = await tickWs.lakeform(["logs", "--json"]);
      const parsed = JSON.parse(stdout) as RunLogLine[];
      expect(new Set(parsed.map((l) => l.tick_id))).toEqual(new Set([report.tickId]));
    } finally {
      tickWs.remove();
    }
  });
});

describe("following the logs", () => {
  it("prints the lines there, then new lines as a run writes them, until told to stop", async () => {
    const dir = join(ws.root, "follow-logs");
    const writer = runLogWriter(dir);
    const at = new Date("2024-05-01T23:59:59Z");
    writer.runStarted?.({ runId: "r1", tickId: undefined, at, selection: "*", trigger: "manual" });
    const printed: string[] = [];
    let looks = 0;
    await followRunLogs(dir, {}, (line) => printed.push(`${line.run_id} ${line.event}`), {
      // Between looks a run goes on, into the next day's partition and a second run's file.
      sleep: async () => {
        if (looks === 1) writer.stepStarted?.({ runId: "r1", tickId: undefined, at: new Date("2024-05-02T00:00:01Z"), key: "clean/events", partition: "2024-05-01" });
        if (looks === 2) writer.runStarted?.({ runId: "r2", tickId: "t1", at: new Date("2024-05-02T00:00:02Z"), selection: "*", trigger: "schedule" });
      },
      stop: () => ++looks > 3,
    });
    expect(printed).toEqual(["r1 run_started", "r1 step_started", "r2 run_started"]);
  });

  it("stops the CLI's --follow after --for", async () => {
    const { code, stdout } = await ws.lakeform(["logs", "--run", secondRun, "--follow", "--for", "1s"]);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n").length).toBe((await logs(["--run", secondRun])).length);
  });
});

describe("retention of the logs tier", () => {
  it("gc deletes date partitions older than the history retention, of run logs and OpenLineage events alike", async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    runLogWriter(logsDir).runStarted?.({ runId: "old-run", tickId: undefined, at: old, selection: "*", trigger: "manual" });
    await fileTransport(logsDir, () => "old-run").send({ eventType: "START", eventTime: old.toISOString() } as RunEvent);
    const oldDay = `dt=${old.toISOString().slice(0, 10)}`;
    expect(existsSync(join(logsDir, "runs", oldDay))).toBe(true);
    expect(existsSync(join(logsDir, "openlineage", oldDay, "old-run.jsonl"))).toBe(true);
    const { code, stdout } = await ws.lakeform(["gc", "--json"], { LAKEFORM_HISTORY_RETENTION: "30d" });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { logPartitions: number }).logPartitions).toBe(2);
    expect(readdirSync(join(logsDir, "runs"))).toEqual([`dt=${new Date().toISOString().slice(0, 10)}`]);
    expect(readdirSync(join(logsDir, "openlineage"))).toEqual([`dt=${new Date().toISOString().slice(0, 10)}`]);
  });
});
