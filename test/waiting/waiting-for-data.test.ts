import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TempWorkspace } from "../support/temp-workspace.ts";

const CATALOG = join(process.cwd(), "test/fixtures/catalogs/waiting.ts");

interface Step {
  key: string;
  partition: string;
  status: string;
  rows: number | null;
  reason: string | null;
}
interface TickJson {
  decisions: { asset: string; partition: string; action: string; trigger: string; reason: string }[];
  run: { results: Step[] } | null;
  alerts: unknown[];
}

let ws: TempWorkspace;
afterEach(() => ws.remove());

async function materialize(ws: TempWorkspace, args: readonly string[]) {
  const { code, stdout, stderr } = await ws.lakeform(["materialize", ...args, "--json"]);
  try {
    return { code, report: JSON.parse(stdout) as { results: Step[]; totals: Record<string, number> } };
  } catch {
    throw new Error(`materialize ${args.join(" ")} printed no JSON (${code}): ${stderr}${stdout}`);
  }
}
function tickAt(ws: TempWorkspace, now: string): Promise<TickJson> {
  return ws.tick<TickJson>(now);
}
const launched = (t: TickJson, asset: string) => t.decisions.filter((d) => d.action === "launch" && d.asset === asset).map((d) => d.partition);
const statusOf = (t: TickJson, asset: string) => Object.fromEntries((t.run?.results ?? []).filter((r) => r.key === asset).map((r) => [r.partition, r.status]));

describe("a source without landed data is waiting for data, not empty", () => {
  it("keeps the previous version of an unpartitioned source whose landing folder was moved away", async () => {
    ws = new TempWorkspace(CATALOG);
    ws.land("airports/airports.csv", "code,name\nVIE,Vienna\nCDG,Paris\n");
    expect((await materialize(ws, ["raw/airports"])).report.results[0]).toMatchObject({ status: "published", rows: 2 });
    renameSync(join(ws.landing, "airports"), join(ws.root, "airports-moved"));

    const { code, report } = await materialize(ws, ["raw/airports"]);
    expect(code).toBe(4);
    expect(report.totals).toMatchObject({ published: 0, waiting: 1, failed: 0 });
    expect(report.results[0]?.status).toBe("waiting");
    expect(report.results[0]?.reason).toMatch(new RegExp(`^waiting for data since \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z: no file matches "airports/\\*\\.csv" in ${ws.landing.replace(/[\\/.]/g, "\\$&")}$`));
    expect(await ws.query("select count(*) as n from raw.airports")).toEqual([{ n: "2" }]);

    const text = await ws.lakeform(["materialize", "raw/airports"]);
    expect(text.code).toBe(4);
    expect(text.stdout).toContain(`raw/airports: waiting for data since`);
    const status = JSON.parse((await ws.lakeform(["status", "raw/airports", "--json"])).stdout) as { lastStatus: string; publishedPartitions: number; waitingForData: { folder: string; pattern: string; since: string } }[];
    expect(status[0]).toMatchObject({ lastStatus: "waiting", publishedPartitions: 1, waitingForData: { folder: ws.landing, pattern: "airports/*.csv" } });
    // It waits since it was first found waiting, not since the last look.
    expect(status[0]?.waitingForData.since).toBe(report.results[0]?.reason?.slice("waiting for data since ".length, "waiting for data since ".length + 24));
  });

  it("waits, rather than failing, for a source with hashed PII and no landing file", async () => {
    ws = new TempWorkspace(CATALOG);
    const { code, report } = await materialize(ws, ["raw/people"]);
    expect(report.results).toEqual([expect.objectContaining({ key: "raw/people", status: "waiting" })]);
    expect(report.results[0]?.reason).toContain(`no file matches "people/*.csv" in ${ws.landing}`);
    expect(code).toBe(4);
  });

  it("waits, rather than failing, for an asset whose upstream has only ever waited for data", async () => {
    ws = new TempWorkspace(CATALOG);
    expect((await materialize(ws, ["raw/readings", "--partition", "2024-03-01"])).report.results[0]?.status).toBe("waiting");
    const { code, report } = await materialize(ws, ["clean/reading_totals", "--partition", "2024-03-01"]);
    expect(report.results[0]?.status).toBe("waiting");
    expect(report.results[0]?.reason).toMatch(/^waiting for upstream "raw\/readings" 2024-03-01: waiting for data since 2024-03-02T00:00:00.000Z: no file matches "readings\/\*\.csv"/);
    expect(code).toBe(4);
  });

  it("publishes an empty version when the source opts in with whenNoData: publishEmpty", async () => {
    ws = new TempWorkspace(CATALOG);
    const { code, report } = await materialize(ws, ["raw/refunds"]);
    expect(report.results[0]).toMatchObject({ status: "published", rows: 0 });
    expect(code).toBe(0);
    expect(await ws.query("select count(*) as n from raw.refunds")).toEqual([{ n: "0" }]);
  });

  it("waits for a partition of a column-partitioned source whose files hold no rows for it", async () => {
    ws = new TempWorkspace(CATALOG);
    ws.land("visits/a.csv", "visit_id,visited_at\nv1,2024-03-02T10:00:00Z\n");
    const { report } = await materialize(ws, ["raw/visits", "--from", "2024-03-01", "--to", "2024-03-02"]);
    expect(Object.fromEntries(report.results.map((r) => [r.partition, r.status]))).toEqual({ "2024-03-01": "waiting", "2024-03-02": "published" });
    expect(report.results.find((r) => r.partition === "2024-03-01")?.reason).toContain(`the 1 file matching "visits/*.csv" in ${ws.landing} hold no rows for partition 2024-03-01`);
  });
});

describe("the scheduler on sources waiting for data", () => {
  it("publishes nothing on an empty workspace, does not alert per day, and launches again only when files land", async () => {
    ws = new TempWorkspace(CATALOG);
    const first = await tickAt(ws, "2024-03-05T12:00:00Z");
    const days = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"];
    expect(launched(first, "raw/readings")).toEqual(days);
    expect(statusOf(first, "raw/readings")).toEqual(Object.fromEntries(days.map((d) => [d, "waiting"])));
    expect(statusOf(first, "clean/reading_totals")).toEqual(Object.fromEntries(days.map((d) => [d, "waiting"])));
    expect((first.run?.results ?? []).filter((r) => r.status === "published")).toEqual([]);
    expect(first.run?.results.find((r) => r.key === "clean/reading_totals")?.reason).toMatch(/^waiting for upstream "raw\/readings" 2024-03-01: waiting for data since 2024-03-02T00:00:00.000Z: no file matches "readings\/\*\.csv" in /);
    expect(first.alerts).toEqual([]);
    expect(first.decisions.filter((d) => d.action === "waiting").map((d) => `${d.asset} ${d.partition}`)).toHaveLength(8);

    // Nothing landed: nothing is launched again.
    const second = await tickAt(ws, "2024-03-05T12:01:00Z");
    expect(second.decisions).toEqual([]);

    ws.land("readings/a.csv", "sensor,value\ns1,5\ns1,7\n", new Date("2024-03-02T10:00:00Z"));
    const third = await tickAt(ws, "2024-03-05T12:02:00Z");
    expect(launched(third, "raw/readings")).toEqual(days);
    expect(third.decisions.find((d) => d.asset === "raw/readings" && d.action === "launch")?.reason).toMatch(/^it was found waiting for data at 2024-03-05T12:00:00.000Z; its landing files matching "readings\/\*\.csv" changed since$/);
    expect(statusOf(third, "raw/readings")).toEqual({ "2024-03-01": "waiting", "2024-03-02": "published", "2024-03-03": "waiting", "2024-03-04": "waiting" });

    const fourth = await tickAt(ws, "2024-03-05T12:03:00Z");
    expect(launched(fourth, "raw/readings")).toEqual([]);
    expect(statusOf(fourth, "clean/reading_totals")["2024-03-02"]).toBe("published");
    expect(await ws.query("select sensor, total from clean.reading_totals")).toEqual([{ sensor: "s1", total: "12" }]);
    expect((await tickAt(ws, "2024-03-05T12:04:00Z")).decisions).toEqual([]);

    const freshness = JSON.parse((await ws.lakeform(["freshness", "raw/readings", "clean/reading_totals", "--now", "2024-03-05T12:05:00Z", "--json"])).stdout) as { key: string; waitingForData: { since: string; partitions: string[]; pattern: string | null } }[];
    expect(freshness.map((f) => [f.key, f.waitingForData.since, f.waitingForData.partitions, f.waitingForData.pattern])).toEqual([
      ["raw/readings", "2024-03-02T00:00:00.000Z", ["2024-03-01", "2024-03-03", "2024-03-04"], "readings/*.csv"],
      ["clean/reading_totals", "2024-03-02T00:00:00.000Z", ["2024-03-01", "2024-03-03", "2024-03-04"], null],
    ]);
    const status = await ws.lakeform(["status", "raw/readings"]);
    expect(status.stdout).toContain(`raw/readings: waiting for data since 2024-03-02T00:00:00.000Z (3 partitions: 2024-03-01 … 2024-03-04): none of the 1 file matching "readings/*.csv" in ${ws.landing}`);
    const why = await ws.lakeform(["why", "raw/readings", "--now", "2024-03-05T12:05:00Z"]);
    expect(why.stdout).toContain(`It is waiting for data since 2024-03-02T00:00:00.000Z (3 partitions: 2024-03-01 … 2024-03-04): none of the 1 file matching "readings/*.csv" in ${ws.landing} landed between 2024-03-01T00:00:00.000Z and 2024-03-02T00:00:00.000Z.`);
  });
});

describe("the example platform on an empty workspace", () => {
  it("publishes no source partition on a tick, and `why raw/orders` says it is waiting for data", async () => {
    ws = new TempWorkspace(join(process.cwd(), "assets/index.ts"));
    mkdirSync(ws.landing, { recursive: true });
    const tick = await tickAt(ws, "2026-03-08T06:00:00Z");
    const results = tick.run?.results ?? [];
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status !== "waiting")).toEqual([]);
    expect(tick.alerts).toEqual([]);
    // raw/orders keeps partitions 90 days (retentionDays): catch-up starts at 2025-12-08, not at its start.
    expect(launched(tick, "raw/orders").slice(0, 3)).toEqual(["2025-12-08", "2025-12-09", "2025-12-10"]);

    const status = JSON.parse((await ws.lakeform(["status", "--json"])).stdout) as { key: string; publishedPartitions: number }[];
    expect(status.filter((s) => s.publishedPartitions > 0)).toEqual([]);

    const why = await ws.lakeform(["why", "raw/orders", "--now", "2026-03-08T06:00:00Z"]);
    expect(why.code).toBe(0);
    expect(why.stdout).toMatch(/It is waiting for data since 2025-12-09T00:00:00\.000Z \(\d+ partitions: 2025-12-08 … [0-9-]+\): no file matches "orders\/\*\.csv" in /);
    expect(why.stdout).toContain(ws.landing);
    const json = JSON.parse((await ws.lakeform(["why", "raw/orders", "--json", "--now", "2026-03-08T06:00:00Z"])).stdout) as { waitingForData: { since: string; folder: string; pattern: string } };
    expect(json.waitingForData).toMatchObject({ since: "2025-12-09T00:00:00.000Z", folder: ws.landing, pattern: "orders/*.csv" });
  }, 60_000);
});
