import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStateStore } from "../../runtime/state/sqlite/sqlite-state-store.ts";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

const ws = new TempWorkspace(EVENTS_CATALOG);
afterAll(() => ws.remove());
const dev = join(ws.root, ".lakeform", "dev");
const TWO_HOURS_AGO = new Date(Date.now() - 2 * 3600_000);

/** Writes a data file at `key` under the workspace, last modified at `at`. */
function dataFile(key: string, at: Date): string {
  const path = join(dev, ...key.split("/"));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, "PAR1 not really parquet");
  utimesSync(path, at, at);
  return path;
}

describe("gc deletes the files of runs that died", () => {
  it("deletes old files no row accounts for, and keeps published files, running versions of live runs and new files", async () => {
    ws.land("events/a.csv", eventsCsv([["e1", "a@example.com", "", "1.50", "2024-01-01T10:00:00Z"]]));
    expect((await ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-01"])).code).toBe(0);

    const state = SqliteStateStore.open(join(dev, "state.db"));
    const [published] = await state.publishedVersions("raw/events");
    const publishedPath = join(dev, ...(published?.files[0] ?? "").split("/"));
    utimesSync(publishedPath, TWO_HOURS_AGO, TWO_HOURS_AGO);
    // A run killed with -9: still `running`, its heartbeat long gone, its file recorded nowhere.
    const dead = await state.createRun({ id: "run-killed", selection: "*", trigger: "manual", startedAt: TWO_HOURS_AGO, pid: 2 ** 22 + 7, host: hostname() });
    await state.startMaterialisation({ runId: dead.id, asset: "raw/events", partition: "2024-01-02", version: "v-killed", fingerprint: "f", startedAt: TWO_HOURS_AGO });
    // A run alive now (this process), writing a version.
    const live = await state.createRun({ id: "run-live", selection: "*", trigger: "manual", startedAt: new Date(), pid: process.pid, host: hostname() });
    await state.startMaterialisation({ runId: live.id, asset: "raw/events", partition: "2024-01-04", version: "v-live", fingerprint: "f", startedAt: new Date() });
    await state.close();

    const killed = dataFile("raw/events/dt=2024-01-02/v-killed.parquet", TWO_HOURS_AGO);
    const stray = dataFile("clean/events/dt=2024-01-03/v-stray.parquet", TWO_HOURS_AGO);
    const writing = dataFile("raw/events/dt=2024-01-04/v-live.parquet", TWO_HOURS_AGO);
    const recent = dataFile("curated/daily_totals/dt=2024-01-05/v-recent.parquet", new Date());

    const gc = await ws.lakeform(["gc", "--older-than", "1h", "--json"]);
    expect(gc.code).toBe(0);
    expect(JSON.parse(gc.stdout)).toMatchObject({ orphans: 2 });
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(publishedPath)).toBe(true);
    expect(existsSync(writing)).toBe(true);
    expect(existsSync(recent)).toBe(true);
    expect(await ws.query("select count(*)::int as n from raw.events")).toEqual([{ n: 1 }]);

    const text = await ws.lakeform(["gc", "--older-than", "1h"]);
    expect(text.stdout).toContain("and 0 orphaned files (written before then by runs that died, recorded nowhere). Published versions are kept.");
  });
});
