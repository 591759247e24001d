import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localFields } from "../../runtime/core/partitions/zoned-time.ts";
import { cronTicksBetween } from "../../runtime/scheduler/cron-ticks.ts";

const iso = (dates: readonly Date[]) => dates.map((d) => d.toISOString());
const HOUR = 3_600_000;

describe("cron ticks across DST changes", () => {
  it("runs a daily 02:30 Paris cron once a day when spring skips 02:30: at 03:30 that day", () => {
    expect(iso(cronTicksBetween("30 2 * * *", "Europe/Paris", new Date("2024-03-29T12:00:00Z"), new Date("2024-04-01T12:00:00Z"), 10))).toEqual([
      "2024-03-30T01:30:00.000Z", // 02:30 CET
      "2024-03-31T01:30:00.000Z", // 02:30 does not exist: 03:30 CEST
      "2024-04-01T00:30:00.000Z", // 02:30 CEST
    ]);
  });

  it("runs it once when autumn repeats 02:30, whichever tick windows cover the repeated hour", () => {
    expect(iso(cronTicksBetween("30 2 * * *", "Europe/Paris", new Date("2024-10-25T11:00:00Z"), new Date("2024-10-28T12:00:00Z"), 10))).toEqual([
      "2024-10-26T00:30:00.000Z",
      "2024-10-27T01:30:00.000Z", // 02:30 happens at 00:30Z and 01:30Z: it runs once
      "2024-10-28T01:30:00.000Z",
    ]);
    // Ticks every 30 minutes through the repeated hour see it once between them.
    const seen = [];
    for (let t = Date.parse("2024-10-26T23:00:00Z"); t < Date.parse("2024-10-27T03:00:00Z"); t += HOUR / 2) seen.push(...cronTicksBetween("30 2 * * *", "Europe/Paris", new Date(t), new Date(t + HOUR / 2), 10));
    expect(iso(seen)).toEqual(["2024-10-27T01:30:00.000Z"]);
  });

  it("runs an hourly Paris cron once per wall-clock hour on both change days", () => {
    expect(iso(cronTicksBetween("0 * * * *", "Europe/Paris", new Date("2024-03-30T22:00:00Z"), new Date("2024-03-31T03:00:00Z"), 20))).toEqual([
      "2024-03-30T23:00:00.000Z", "2024-03-31T00:00:00.000Z", "2024-03-31T01:00:00.000Z", "2024-03-31T02:00:00.000Z", "2024-03-31T03:00:00.000Z",
    ]);
    expect(iso(cronTicksBetween("0 * * * *", "Europe/Paris", new Date("2024-10-26T22:00:00Z"), new Date("2024-10-27T03:00:00Z"), 20))).toEqual([
      "2024-10-26T23:00:00.000Z", "2024-10-27T01:00:00.000Z", "2024-10-27T02:00:00.000Z", "2024-10-27T03:00:00.000Z",
    ]);
  });

  it("bounds the ticks of one call by its limit, oldest first", () => {
    expect(iso(cronTicksBetween("0 * * * *", "UTC", new Date("2024-01-01T00:00:00Z"), new Date("2024-01-02T00:00:00Z"), 3))).toEqual(["2024-01-01T01:00:00.000Z", "2024-01-01T02:00:00.000Z", "2024-01-01T03:00:00.000Z"]);
  });
});

const zones = ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata"];
const dailyCase = fc.record({
  zone: fc.constantFrom(...zones),
  minute: fc.integer({ min: 0, max: 59 }),
  hour: fc.integer({ min: 1, max: 23 }),
  since: fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2026-12-31T00:00:00Z"), noInvalidDate: true }),
  days: fc.integer({ min: 1, max: 40 }),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 15 }),
});

describe("cron ticks, for any daily cron, zone and span (property)", () => {
  it("ticking in any pieces sees the same ticks as one pass, and exactly one a local day", () => {
    fc.assert(
      fc.property(dailyCase, ({ zone, minute, hour, since, days, cuts }) => {
        const cron = `${minute} ${hour} * * *`;
        const until = new Date(since.getTime() + days * 24 * HOUR);
        const whole = cronTicksBetween(cron, zone, since, until, 1000);
        // Consecutive ticks (as the scheduler's cursor makes them) split the span anywhere.
        const bounds = [since.getTime(), ...cuts.map((c) => Math.round(since.getTime() + c * (until.getTime() - since.getTime()))).sort((a, b) => a - b), until.getTime()];
        const pieces = bounds.slice(1).flatMap((end, i) => cronTicksBetween(cron, zone, new Date(bounds[i] ?? end), new Date(end), 1000));
        expect(iso(pieces)).toEqual(iso(whole));
        expect(whole.length).toBeGreaterThanOrEqual(days - 1);
        expect(whole.length).toBeLessThanOrEqual(days + 1);
        for (let i = 1; i < whole.length; i++) {
          const [a, b] = [localFields(whole[i - 1] as Date, zone), localFields(whole[i] as Date, zone)];
          expect(Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)).toBe(24 * HOUR);
          const gap = ((whole[i] as Date).getTime() - (whole[i - 1] as Date).getTime()) / HOUR;
          expect(gap).toBeGreaterThanOrEqual(22);
          expect(gap).toBeLessThanOrEqual(26);
        }
      }),
      { numRuns: 60 },
    );
  });
});
