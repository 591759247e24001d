import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

let ws: TempWorkspace;
beforeEach(() => (ws = new TempWorkspace(EVENTS_CATALOG)));
afterEach(() => ws.remove());

interface Freshness {
  key: string;
  overall: { state: string; reason: string };
  partitions: { partition: string; state: string }[];
}

describe("lakeform freshness", () => {
  it("shows what is late and why, per asset and per partition, at any --now", async () => {
    ws.land("events/a.csv", eventsCsv([["e1", "ann@example.com", "", "1.00", "2024-01-05T10:00:00Z"]]));
    expect((await ws.lakeform(["materialize", "+clean/events", "--partition", "2024-01-05"])).code).toBe(0);
    const later = JSON.parse((await ws.lakeform(["freshness", "clean/events", "--json", "--now", "2030-06-01T12:00:00Z"])).stdout) as Freshness[];
    expect(later[0]?.overall.state).toBe("FAIL");
    expect(later[0]?.overall.reason).toMatch(/^last published \d+d.* ago, more than failAfter 6h$/);
    expect(later[0]?.partitions.map((p) => `${p.partition} ${p.state}`)).toEqual(
      ["2030-05-25", "2030-05-26", "2030-05-27", "2030-05-28", "2030-05-29", "2030-05-30", "2030-05-31"].map((d) => `${d} FAIL`),
    );

    const inJanuary = JSON.parse((await ws.lakeform(["freshness", "clean/events", "--json", "--now", "2024-01-06T03:00:00Z"])).stdout) as Freshness[];
    expect(inJanuary[0]?.partitions.at(-1)).toMatchObject({ partition: "2024-01-05", state: "PASS" });

    const table = await ws.lakeform(["freshness", "--now", "2030-06-01T12:00:00Z"]);
    expect(table.stdout).toContain("raw/events");
    expect(table.stdout).toMatch(/clean\/events\s+FAIL\s+lag ≤ 6h \(warn 2h\)/);
    expect(table.code).toBe(1);
  });

  it("measures an unpartitioned asset from its last publish", async () => {
    ws.land("events/a.csv", eventsCsv([["e1", "ann@example.com", "", "1.00", "2024-01-05T10:00:00Z"]]));
    await ws.lakeform(["materialize", "+curated/big_spenders", "--partition", "2024-01-05"]);
    const rows = JSON.parse((await ws.lakeform(["freshness", "--json"])).stdout) as Freshness[];
    expect(rows.find((r) => r.key === "curated/big_spenders")?.overall.state).toBe("NOT_APPLICABLE");
    expect((await ws.lakeform(["freshness", "--now", "yesterday"])).code).toBe(2);
  });
});
