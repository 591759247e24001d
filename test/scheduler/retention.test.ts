import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TempWorkspace } from "../support/temp-workspace.ts";

const CATALOG = join(process.cwd(), "test/fixtures/catalogs/retention.ts");

interface TickJson {
  decisions: { asset: string; partition: string; action: string; trigger: string }[];
  expired: { asset: string; partitions: string[]; files: number }[];
}
interface History {
  partition: string;
  status: string;
  reason: string | null;
  files: string[];
}

let ws: TempWorkspace;
beforeEach(() => {
  ws = new TempWorkspace(CATALOG);
});
afterEach(() => ws.remove());

function tickAt(now: string): Promise<TickJson> {
  return ws.tick<TickJson>(now);
}
const launched = (t: TickJson) => t.decisions.filter((d) => d.action === "launch").map((d) => `${d.partition} ${d.trigger}`);
/** The partition folders of clean/events that hold data files on disk. */
const partitionsOnDisk = () => {
  const dir = join(ws.root, ".lakeform/dev/clean/events");
  return existsSync(dir) ? readdirSync(dir).filter((d) => readdirSync(join(dir, d), { recursive: true }).some((f) => String(f).endsWith(".parquet"))).sort() : [];
};
const history = async (partition: string) => JSON.parse((await ws.lakeform(["history", "clean/events", "--partition", partition, "--json"])).stdout) as History[];

describe("retentionDays", () => {
  it("the scheduler catches up only the partitions within retention, and expires the ones that fall out of it", async () => {
    // Cutoff 2024-03-27T12:00Z: 2024-03-20 … 2024-03-26 ended before it and are never built.
    const first = await tickAt("2024-04-01T12:00:00Z");
    expect(launched(first)).toEqual(["2024-03-27 catch-up", "2024-03-28 catch-up", "2024-03-29 catch-up", "2024-03-30 catch-up", "2024-03-31 catch-up"]);
    expect(first.expired).toEqual([]);
    expect(partitionsOnDisk()).toEqual(["dt=2024-03-27", "dt=2024-03-28", "dt=2024-03-29", "dt=2024-03-30", "dt=2024-03-31"]);

    // Two days later 2024-03-27 and 2024-03-28 are past retention: expired, files deleted, not rebuilt.
    const later = await tickAt("2024-04-03T12:00:00Z");
    expect(later.expired).toEqual([{ asset: "clean/events", partitions: ["2024-03-27", "2024-03-28"], files: 2 }]);
    expect(launched(later)).toEqual(["2024-04-01 schedule", "2024-04-02 schedule"]);
    expect(partitionsOnDisk()).toEqual(["dt=2024-03-29", "dt=2024-03-30", "dt=2024-03-31", "dt=2024-04-01", "dt=2024-04-02"]);
    expect(await ws.query("select min(day)::varchar as first, count(*) as n from clean.events")).toEqual([{ first: "2024-03-29", n: "5" }]);
    const [expired] = await history("2024-03-27");
    expect(expired).toMatchObject({ status: "expired", reason: "retentionDays 5: its window ended more than 5 days before 2024-04-03T12:00:00.000Z (expired by the scheduler)" });
    expect(expired?.files.every((f) => !existsSync(join(ws.root, ".lakeform/dev", f)))).toBe(true);

    // Nothing more to expire or catch up: later ticks leave expired partitions alone.
    const again = await tickAt("2024-04-03T12:05:00Z");
    expect(again.expired).toEqual([]);
    expect(launched(again)).toEqual([]);
  });

  it("gc expires every partition past retention: files gone from disk, not queryable, history says expired", async () => {
    const built = await ws.lakeform(["materialize", "clean/events", "--from", "2024-03-21", "--to", "2024-03-22"]);
    expect(built.code).toBe(0);
    expect(partitionsOnDisk()).toEqual(["dt=2024-03-21", "dt=2024-03-22"]);
    const files = (await history("2024-03-21"))[0]?.files ?? [];
    expect(files.length).toBe(1);

    // gc runs at the real clock: both windows ended long more than 5 days ago.
    const gc = await ws.lakeform(["gc", "--json"]);
    expect(gc.code).toBe(0);
    expect((JSON.parse(gc.stdout) as { expired: unknown }).expired).toEqual([{ asset: "clean/events", partitions: ["2024-03-21", "2024-03-22"], files: 2 }]);
    expect(partitionsOnDisk()).toEqual([]);
    expect(files.every((f) => !existsSync(join(ws.root, ".lakeform/dev", f)))).toBe(true);
    const [record] = await history("2024-03-21");
    expect(record?.status).toBe("expired");
    expect(record?.reason).toMatch(/^retentionDays 5: its window ended more than 5 days before .* \(expired by lakeform gc\)$/);
    const query = await ws.lakeform(["query", "select count(*) as n from clean.events", "--json"]);
    expect(query.code).toBe(1);
    expect(query.stdout).toContain('Table with name \\"clean.events\\" does not exist');
    const status = JSON.parse((await ws.lakeform(["status", "--json"])).stdout) as { key: string; publishedPartitions: number }[];
    expect(status.find((s) => s.key === "clean/events")?.publishedPartitions).toBe(0);

    const text = await ws.lakeform(["gc"]);
    expect(text.stdout).not.toContain("Expired");
  });
});
