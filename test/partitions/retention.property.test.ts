import fc from "fast-check";
import { daily, hourly, monthly, staticPartitions, type TimeWindowPartitions } from "lakeform";
import { describe, expect, it } from "vitest";
import { expectedPartitions } from "../../runtime/core/partitions/partition-keys.ts";
import { firstRetainedKey, isPartitionExpired, retainedPartitionCount, retainedPartitions } from "../../runtime/core/partitions/retention.ts";
import { windowOf } from "../../runtime/core/partitions/time-window.ts";

const zones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"];
const at = (from: string, to: string) => fc.date({ min: new Date(from), max: new Date(to), noInvalidDate: true });
/** A spec, an instant and a retention, with at most ~100 keys to list (listing keys is what is slow). */
const case_ = fc.oneof(
  fc.tuple(fc.constantFrom(...zones).map((timezone) => daily({ start: "2024-01-01", timezone })), at("2023-12-25T00:00:00Z", "2024-04-10T00:00:00Z"), fc.integer({ min: 1, max: 120 })),
  fc.tuple(fc.constantFrom(...zones).map((timezone) => monthly({ start: "2024-01", timezone })), at("2023-12-25T00:00:00Z", "2030-12-31T00:00:00Z"), fc.integer({ min: 1, max: 2000 })),
  fc.tuple(fc.constantFrom(...zones).map((timezone) => hourly({ start: "2024-03-29", timezone })), at("2024-03-28T00:00:00Z", "2024-04-02T00:00:00Z"), fc.integer({ min: 1, max: 5 })),
) as fc.Arbitrary<readonly [TimeWindowPartitions, Date, number]>;

describe("retention of time partitions", () => {
  it("keeps exactly the expected partitions whose window ended less than retentionDays ago", () => {
    fc.assert(
      fc.property(case_, ([s, now, days]) => {
        const cutoff = now.getTime() - days * 86_400_000;
        const kept = retainedPartitions(s, days, now);
        expect(kept).toEqual(expectedPartitions(s, now).filter((k) => windowOf(s, k).end.getTime() > cutoff));
        expect(kept.every((k) => !isPartitionExpired(s, k, days, now))).toBe(true);
        expect(retainedPartitionCount(s, days, now)).toBe(kept.length);
        if (kept.length > 0) expect(kept[0]).toBe(firstRetainedKey(s, days, now));
      }),
      { numRuns: 100 },
    );
  });

  it("expires a partition at the instant its window is retentionDays past its end, not a millisecond before", () => {
    const s = daily({ start: "2024-01-01", timezone: "Europe/Paris" });
    const end = windowOf(s, "2024-03-30").end.getTime(); // 2024-03-31T00:00 Paris, 23:00Z on the 30th
    expect(isPartitionExpired(s, "2024-03-30", 7, new Date(end + 7 * 86_400_000 - 1))).toBe(false);
    expect(isPartitionExpired(s, "2024-03-30", 7, new Date(end + 7 * 86_400_000))).toBe(true);
  });

  it("never expires static partitions, unpartitioned assets, keys of another granularity, or without retentionDays", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    expect(isPartitionExpired(staticPartitions(["eu", "us"]), "eu", 1, now)).toBe(false);
    expect(isPartitionExpired(undefined, "", 1, now)).toBe(false);
    expect(isPartitionExpired(daily({ start: "2024-01-01" }), "2024-01", 1, now)).toBe(false);
    expect(isPartitionExpired(daily({ start: "2024-01-01" }), "2024-01-01", undefined, now)).toBe(false);
    expect(retainedPartitions(staticPartitions(["eu", "us"]), 1, now)).toEqual(["eu", "us"]);
    expect(retainedPartitionCount(undefined, 1, now)).toBe(1);
  });
});
