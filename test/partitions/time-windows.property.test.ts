import fc from "fast-check";
import { daily, hourly, monthly, type TimeWindowPartitions } from "lakeform";
import { describe, expect, it } from "vitest";
import { keyAt, keysBetween, keysOverlapping, shiftKey, windowOf } from "../../runtime/core/partitions/time-window.ts";
import { parentPartitions } from "../../runtime/core/partitions/partition-keys.ts";

const zones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"];
const instant = fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true });
/** Daily and monthly windows in any zone; hourly windows in zones without DST (DST makes local hours vanish or repeat). */
const spec: fc.Arbitrary<TimeWindowPartitions> = fc.oneof(
  fc.constantFrom(...zones).map((timezone) => daily({ start: "2024-01-01", timezone })),
  fc.constantFrom(...zones).map((timezone) => monthly({ start: "2024-01", timezone })),
  fc.constantFrom("UTC", "Asia/Kolkata").map((timezone) => hourly({ start: "2024-01-01", timezone })),
);

describe("time windows", () => {
  it("the window of the key at an instant contains that instant", () => {
    fc.assert(
      fc.property(spec, instant, (s, t) => {
        const w = windowOf(s, keyAt(s, t));
        expect(w.start.getTime()).toBeLessThanOrEqual(t.getTime());
        expect(w.end.getTime()).toBeGreaterThan(t.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it("consecutive windows touch, and shifting there and back is the identity", () => {
    fc.assert(
      fc.property(spec, instant, fc.integer({ min: -400, max: 400 }), (s, t, n) => {
        const key = keyAt(s, t);
        expect(windowOf(s, key).end).toEqual(windowOf(s, shiftKey(s, key, 1)).start);
        expect(shiftKey(s, shiftKey(s, key, n), -n)).toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  it("daily windows last 23, 24 or 25 hours, across DST changes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instant, (timezone, t) => {
        const s = daily({ start: "2024-01-01", timezone });
        const w = windowOf(s, keyAt(s, t));
        expect([22.5, 23, 23.5, 24, 24.5, 25, 25.5]).toContain((w.end.getTime() - w.start.getTime()) / 3_600_000);
      }),
      { numRuns: 500 },
    );
  });

  it("knows the DST days of Paris", () => {
    const s = daily({ start: "2024-01-01", timezone: "Europe/Paris" });
    const hours = (key: string) => (windowOf(s, key).end.getTime() - windowOf(s, key).start.getTime()) / 3_600_000;
    expect([hours("2024-03-31"), hours("2024-10-27"), hours("2024-06-01")]).toEqual([23, 25, 24]);
    expect(windowOf(s, "2024-06-01").start.toISOString()).toBe("2024-05-31T22:00:00.000Z");
  });

  it("starts a day at its local midnight when DST ends later that day (Chatham, +13:45 → +12:45)", () => {
    const chatham = daily({ start: "2024-01-01", timezone: "Pacific/Chatham" });
    const midnight = new Date("2027-04-03T10:15:00Z");
    expect(keyAt(chatham, midnight)).toBe("2027-04-04");
    expect(windowOf(chatham, "2027-04-04")).toEqual({ start: midnight, end: new Date("2027-04-04T11:15:00Z") });
  });

  it("keys between two keys are consecutive and the overlap of their span gives them back", () => {
    fc.assert(
      fc.property(spec, instant, fc.integer({ min: 0, max: 60 }), (s, t, n) => {
        const from = keyAt(s, t);
        const to = shiftKey(s, from, n);
        const keys = keysBetween(s, from, to);
        expect(keys.length).toBe(n + 1);
        expect(keysOverlapping(s, { start: windowOf(s, from).start, end: windowOf(s, to).end })).toEqual(keys);
      }),
      { numRuns: 300 },
    );
  });
});

describe("partition mappings", () => {
  it("map a daily child to the 24 hours of an hourly parent, and offsets shift whole days", () => {
    const day = daily({ start: "2024-01-01" });
    const hour = hourly({ start: "2024-01-01" });
    const hours = parentPartitions(day, "2024-02-10", hour, { kind: "timeWindow", startOffset: 0, endOffset: 0 });
    expect(hours).toHaveLength(24);
    expect([(hours as string[])[0], (hours as string[])[23]]).toEqual(["2024-02-10T00", "2024-02-10T23"]);
    expect(parentPartitions(day, "2024-02-10", day, { kind: "timeWindow", startOffset: -6, endOffset: 0 })).toEqual([
      "2024-02-04", "2024-02-05", "2024-02-06", "2024-02-07", "2024-02-08", "2024-02-09", "2024-02-10",
    ]);
    expect(parentPartitions(day, "2024-01-01", day, { kind: "timeWindow", startOffset: -1, endOffset: -1 })).toEqual([]);
    expect(parentPartitions(monthly({ start: "2024-01" }), "2024-02", day, { kind: "timeWindow", startOffset: 0, endOffset: 0 })).toHaveLength(29);
    expect(parentPartitions(undefined, "", day, { kind: "all" })).toBe("all");
  });
});
