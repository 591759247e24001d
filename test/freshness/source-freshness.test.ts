import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { col, cronDeadline, fileDrop, maxLag, source } from "lakeform";
import { evaluateSourceFreshness } from "../../runtime/freshness/source-freshness.ts";
import { timestampOfProfile } from "../../runtime/freshness/newest-record.ts";
import { problemsOf } from "../support/problems.ts";
import { TempWorkspace } from "../support/temp-workspace.ts";

const CATALOG = join(process.cwd(), "test/fixtures/catalogs/source-freshness.ts");
const at = (iso: string) => new Date(iso);

describe("source freshness is the age of the newest record, as dbt measures it", () => {
  const policy = maxLag({ warnAfter: "1h", failAfter: "6h" });
  const newest = at("2024-05-01T10:00:00Z");

  it("passes, warns and fails on the newest record's age, strictly past each threshold", () => {
    expect(evaluateSourceFreshness(policy, "clicked_at", newest, at("2024-05-01T11:00:00Z"))).toEqual({ state: "PASS", lagMs: 3_600_000, reason: "newest clicked_at 2024-05-01T10:00:00.000Z is 1h old, within 1h" });
    expect(evaluateSourceFreshness(policy, "clicked_at", newest, at("2024-05-01T11:00:01Z")).state).toBe("WARN");
    expect(evaluateSourceFreshness(policy, "clicked_at", newest, at("2024-05-01T16:00:01Z"))).toEqual({ state: "FAIL", lagMs: 21_601_000, reason: "newest clicked_at 2024-05-01T10:00:00.000Z is 6h old, more than failAfter 6h" });
    expect(evaluateSourceFreshness(policy, "clicked_at", undefined, at("2024-05-01T11:00:00Z"))).toEqual({ state: "UNKNOWN", lagMs: undefined, reason: "no record with clicked_at has landed" });
    expect(evaluateSourceFreshness(policy, "clicked_at", at("2024-05-01T12:00:00Z"), at("2024-05-01T11:00:00Z")).lagMs).toBe(0);
    expect(evaluateSourceFreshness(undefined, "clicked_at", newest, at("2024-05-01T11:00:00Z")).state).toBe("NOT_APPLICABLE");
  });

  it("meets a cron deadline when the newest record is inside the window before the last tick", () => {
    const deadline = cronDeadline({ cron: "0 9 * * *", window: "3h", timezone: "UTC" });
    expect(evaluateSourceFreshness(deadline, "clicked_at", at("2024-05-02T06:30:00Z"), at("2024-05-02T09:30:00Z")).state).toBe("PASS");
    expect(evaluateSourceFreshness(deadline, "clicked_at", at("2024-05-02T05:59:00Z"), at("2024-05-02T09:30:00Z"))).toMatchObject({ state: "FAIL", reason: "missed the deadline 2024-05-02T09:00:00.000Z: newest clicked_at 2024-05-02T05:59:00.000Z is 3h31m old, before 2024-05-02T06:00:00.000Z" });
  });

  it("reads profiled timestamps as instants, whatever their offset", () => {
    expect(timestampOfProfile("2024-05-01 11:30:00.123456+00")).toEqual(at("2024-05-01T11:30:00.123Z"));
    expect(timestampOfProfile("2024-05-01 20:30:00+09")).toEqual(at("2024-05-01T11:30:00Z"));
    expect(timestampOfProfile("2024-05-01 11:30:00")).toEqual(at("2024-05-01T11:30:00Z"));
    expect(timestampOfProfile("yesterday")).toBeUndefined();
    expect(timestampOfProfile(null)).toBeUndefined();
  });

  it("needs a declared timestamp column and a policy to measure against", () => {
    const columns = { id: col.string(), seen_at: col.timestamp(), day: col.date() };
    const from = fileDrop({ format: "csv", pattern: "x/*.csv" });
    expect(problemsOf([source("raw/a", { owners: ["team:data"], from, columns, loadedAtField: "nope", freshness: maxLag({ failAfter: "1h" }) })])).toEqual([
      'Asset "raw/a": its loadedAtField "nope" is not declared. Fix: declare "nope" as col.timestamp(), or name a declared timestamp column.',
    ]);
    expect(problemsOf([source("raw/b", { owners: ["team:data"], from, columns, loadedAtField: "day" })])).toEqual([
      'Asset "raw/b": its loadedAtField "day" is date, not a timestamp. Fix: name a timestamp column (when each record was made or changed).',
      'Asset "raw/b": loadedAtField "day" measures freshness, but the source has no freshness policy. Fix: add freshness: maxLag({ warnAfter: "1h", failAfter: "6h" }), or remove loadedAtField.',
    ]);
  });
});

describe("lakeform freshness and the scheduler judge a source by its newest record", () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = new TempWorkspace(CATALOG)));
  afterEach(() => ws.remove());

  it("shows a source that loaded on time but received nothing new as late, and the tick raises the alert", async () => {
    ws.land("clicks/a.jsonl", ['{"click_id":"c1","page":"/","clicked_at":"2024-05-01T09:00:00Z"}', '{"click_id":"c2","page":"/buy","clicked_at":"2024-05-01T10:00:00.250Z"}'].join("\n") + "\n");
    const loaded = await ws.lakeform(["materialize", "raw/clicks"]);
    expect(loaded.code, loaded.stderr + loaded.stdout).toBe(0);
    const freshness = async (now: string) => (JSON.parse((await ws.lakeform(["freshness", "raw/clicks", "--json", "--now", now])).stdout) as { overall: { state: string; reason: string }; newestRecord: string | null }[])[0];

    expect(await freshness("2024-05-01T10:30:00Z")).toMatchObject({ overall: { state: "PASS", reason: "newest clicked_at 2024-05-01T10:00:00.250Z is 30m old, within 1h" }, newestRecord: "2024-05-01T10:00:00.250Z" });
    expect((await freshness("2024-05-01T12:00:00Z"))?.overall.state).toBe("WARN");
    const late = await ws.lakeform(["freshness", "--now", "2024-05-01T17:00:00Z"]);
    expect(late.stdout).toMatch(/raw\/clicks\s+FAIL\s+lag ≤ 6h \(warn 1h\)\s+newest clicked_at 2024-05-01T10:00:00.250Z is 7h old, more than failAfter 6h/);
    expect(late.code).toBe(1);

    const tick = await ws.tick<{ alerts: { asset: string; kind: string; level: string; message: string }[] }>("2024-05-01T17:00:00Z");
    expect(tick.alerts.filter((a) => a.kind === "freshness")).toEqual([
      expect.objectContaining({ asset: "raw/clicks", level: "fail", message: "freshness FAIL: newest clicked_at 2024-05-01T10:00:00.250Z is 7h old, more than failAfter 6h" }),
    ]);
  });
});
