import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TempWorkspace } from "../support/temp-workspace.ts";

interface TickJson {
  decisions: { asset: string; partition: string; action: string; trigger: string; reason: string }[];
  run: { results: { key: string; partition: string; status: string }[] } | null;
}

let ws: TempWorkspace;
afterEach(() => ws.remove());

function tickAt(now: string): Promise<TickJson> {
  return ws.tick<TickJson>(now);
}
const about = (t: TickJson, partition: string) => t.decisions.filter((d) => d.partition === partition).map((d) => `${d.asset} ${d.action}`);
const statusOf = (t: TickJson, partition: string) => Object.fromEntries((t.run?.results ?? []).filter((r) => r.partition === partition).map((r) => [r.key, r.status]));

describe("catch-up of blocked and skipped partitions", () => {
  it("decides a blocked partition again when new data lands, and a skipped one when its upstream publishes", async () => {
    ws = new TempWorkspace(join(process.cwd(), "test/fixtures/catalogs/blocked.ts"));
    ws.land("meters/a.csv", "sensor,value\ns1,-5\n", new Date("2024-03-01T10:00:00Z"));
    ws.land("meters/b.csv", "sensor,value\ns1,7\n", new Date("2024-03-02T10:00:00Z"));
    const first = await tickAt("2024-03-05T12:00:00Z");
    expect(statusOf(first, "2024-03-01")).toEqual({ "raw/meters": "blocked", "clean/meter_totals": "skipped" });
    expect(statusOf(first, "2024-03-02")).toEqual({ "raw/meters": "published", "clean/meter_totals": "published" });

    // Nothing new: the blocked and skipped day is neither launched nor held by a stale claim.
    const second = await tickAt("2024-03-05T12:01:00Z");
    expect(about(second, "2024-03-01")).toEqual([]);

    // New data for the blocked day: it is launched again and publishes.
    ws.land("meters/a.csv", "sensor,value\ns1,5\n", new Date("2024-03-01T11:00:00Z"));
    const third = await tickAt("2024-03-05T12:02:00Z");
    expect(about(third, "2024-03-01")).toEqual(["raw/meters launch"]);
    expect(third.decisions.find((d) => d.partition === "2024-03-01")?.reason).toMatch(/^it was blocked by its checks at 2024-03-05T12:00:00.000Z; its landing files matching "meters\/\*\.csv" changed since$/);
    expect(statusOf(third, "2024-03-01")).toEqual({ "raw/meters": "published" });

    // The skipped day follows its upstream.
    const fourth = await tickAt("2024-03-05T12:03:00Z");
    expect(about(fourth, "2024-03-01")).toEqual(["clean/meter_totals launch"]);
    expect(fourth.decisions.find((d) => d.partition === "2024-03-01")?.reason).toBe('it was skipped at 2024-03-05T12:00:00.000Z; upstream "raw/meters" published since');
    expect(statusOf(fourth, "2024-03-01")).toEqual({ "clean/meter_totals": "published" });
    expect(about(await tickAt("2024-03-05T12:04:00Z"), "2024-03-01")).toEqual([]);
  });
});
