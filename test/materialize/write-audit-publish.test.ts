import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

let ws: TempWorkspace;
beforeEach(() => {
  ws = new TempWorkspace(EVENTS_CATALOG);
  ws.land("clicks/a.jsonl", '{"click_id":"k1","page":"/","clicked_at":"2024-01-05T10:00:00Z"}\n');
});
afterEach(() => ws.remove());

const day5 = [
  ["e1", "ann@example.com", "+33612345678", "12.50", "2024-01-05T10:00:00Z"],
  ["e2", "bob@example.com", "", "30.00", "2024-01-05T11:00:00Z"],
  ["e3", "ann@example.com", "+33611111111", "9.50", "2024-01-05T23:59:59Z"],
];

describe("materialize on the embedded default", () => {
  it("lands files with PII hashed and masked, computes every tier and reports the summary", async () => {
    ws.land("events/day5.csv", eventsCsv([...day5, ["e9", "cy@example.com", "", "1.00", "2024-01-06T00:00:00Z"]]));
    const run = await ws.lakeform(["materialize", "--partition", "2024-01-05"]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain("materialised 5 · blocked 0 · failed 0 · skipped 0");

    const raw = await ws.query("select event_id, user_email, phone, _source_file, _batch_id from raw.events order by event_id");
    const hmac = (v: string) => createHmac("sha256", "test-pii-key-0123456789").update(v).digest("hex");
    expect(raw.map((r) => r.event_id)).toEqual(["e1", "e2", "e3"]);
    expect(raw[0]).toMatchObject({ user_email: hmac("ann@example.com"), phone: "********5678", _source_file: "events/day5.csv" });
    expect(raw[1]?.phone).toBeNull();
    expect(JSON.stringify(raw)).not.toContain("@example.com");

    expect(await ws.query("select day, events, total from curated.daily_totals")).toEqual([{ day: "2024-01-05", events: "3", total: "52.00" }]);
    expect(await ws.query("select user_email, total from curated.big_spenders order by total")).toEqual([
      { user_email: hmac("ann@example.com"), total: 22 },
      { user_email: hmac("bob@example.com"), total: 30 },
    ]);
  });

  it("keeps the old version visible when a blocking check fails, quarantines a sample, and skips downstream", async () => {
    ws.land("events/day5.csv", eventsCsv(day5));
    expect((await ws.lakeform(["materialize", "--partition", "2024-01-05"])).code).toBe(0);
    ws.land("events/day5-resent.csv", eventsCsv([["e1", "ann@example.com", "", "12.50", "2024-01-05T10:00:00Z"], ["e4", "dan@example.com", "", "5.00", "2024-01-05T12:00:00Z"]]));

    const run = await ws.lakeform(["materialize", "--partition", "2024-01-05"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("blocked clean/events 2024-01-05: blocked by primary_key_unique: 1 duplicated key (2 rows) of 5 rows on event_id");
    expect(run.stdout).toContain('skipped curated/daily_totals 2024-01-05: upstream "clean/events" partition 2024-01-05 was blocked by its checks');
    expect(await ws.query("select count(*) as n from clean.events")).toEqual([{ n: "3" }]);
    expect(await ws.query("select events from curated.daily_totals")).toEqual([{ events: "3" }]);

    const checks = await ws.lakeform(["checks", "clean/events", "--json"]);
    const unique = (JSON.parse(checks.stdout) as { check: string; status: string; failingSample: { event_id: string }[] }[]).find((c) => c.check === "primary_key_unique");
    expect(unique?.status).toBe("fail");
    expect(unique?.failingSample.map((r) => r.event_id)).toEqual(["e1", "e1"]);
  });

  it("is idempotent: rerunning a partition gives the same data and no duplicates", async () => {
    ws.land("events/day5.csv", eventsCsv(day5));
    const snapshot = async () => ({
      raw: await ws.query("select * exclude (_loaded_at) , epoch_ms(_loaded_at) as loaded from raw.events order by event_id"),
      totals: await ws.query("select * from curated.daily_totals"),
    });
    expect((await ws.lakeform(["materialize", "--partition", "2024-01-05"])).code).toBe(0);
    const first = await snapshot();
    expect((await ws.lakeform(["materialize", "--partition", "2024-01-05"])).code).toBe(0);
    expect(await snapshot()).toEqual(first);
    const history = JSON.parse((await ws.lakeform(["history", "raw/events", "--json"])).stdout) as { status: string }[];
    expect(history.map((h) => h.status)).toEqual(["published", "superseded"]);
  });

  it("runs a partition range and reads time-partition keys across granularities", async () => {
    ws.land("events/jan.csv", eventsCsv([...day5, ["e7", "eve@example.com", "", "7.00", "2024-01-06T08:00:00Z"]]));
    const run = await ws.lakeform(["materialize", "+curated/daily_totals", "--from", "2024-01-05", "--to", "2024-01-06", "--json"]);
    const report = JSON.parse(run.stdout) as { results: { key: string; partition: string; status: string }[] };
    expect(report.results.map((r) => `${r.key} ${r.partition}`)).toEqual([
      "raw/events 2024-01-05", "raw/events 2024-01-06", "clean/events 2024-01-05", "clean/events 2024-01-06", "curated/daily_totals 2024-01-05", "curated/daily_totals 2024-01-06",
    ]);
    expect(await ws.query("select day, events from curated.daily_totals order by day")).toEqual([{ day: "2024-01-05", events: "3" }, { day: "2024-01-06", events: "1" }]);
  });

  it("shows status, profile and staleness", async () => {
    ws.land("events/day5.csv", eventsCsv(day5));
    await ws.lakeform(["materialize", "--partition", "2024-01-05"]);
    const status = JSON.parse((await ws.lakeform(["status", "--json"])).stdout) as { key: string; stale: string | null; lastStatus: string }[];
    expect(status.find((s) => s.key === "clean/events")).toMatchObject({ lastStatus: "published", stale: null });
    await ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-05"]);
    const after = JSON.parse((await ws.lakeform(["status", "clean/events", "--json"])).stdout) as { stale: string }[];
    expect(after[0]?.stale).toMatch(/^upstream "raw\/events" published newer data/);
    const profile = JSON.parse((await ws.lakeform(["profile", "raw/events", "--json"])).stdout) as { rows: number; columns: { name: string; nulls: number; min: unknown; max: unknown; minLength: number | null }[] };
    expect(profile.rows).toBe(3);
    expect(profile.columns.find((c) => c.name === "amount")).toMatchObject({ nulls: 0, min: 9.5, max: 30 });
    expect(profile.columns.find((c) => c.name === "phone")).toMatchObject({ nulls: 1, minLength: 12 });
  });

  it("profiles a very large partition on a sample and says so; nulls, min, max and the checks read every row", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`e${i}`, `u${i}@example.com`, i % 3 === 0 ? "" : "+33612345678", `${i}.00`, `2024-01-05T${String(i % 24).padStart(2, "0")}:00:00Z`]);
    ws.land("events/day5.csv", eventsCsv(rows));
    const env = { LAKEFORM_PROFILE_SAMPLE_ROWS: "2" };
    const run = await ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-05"], env);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const profile = JSON.parse((await ws.lakeform(["profile", "raw/events", "--json"], env)).stdout) as { rows: number; columns: { name: string; nulls: number; min: unknown; max: unknown; sampledRows?: number }[] };
    expect(profile.rows).toBe(30);
    // Ten stripes of one row: the sample; nulls, min and max are still every row's.
    expect(profile.columns.find((c) => c.name === "amount")).toMatchObject({ nulls: 0, min: 0, max: 29, sampledRows: 10 });
    expect(profile.columns.find((c) => c.name === "phone")).toMatchObject({ nulls: 10 });
    const text = await ws.lakeform(["profile", "raw/events"], env);
    expect(text.stdout).toContain("30 rows");
    expect(text.stdout).toContain("from a sample of 10 rows; nulls, min and max from every row");
  });
});
