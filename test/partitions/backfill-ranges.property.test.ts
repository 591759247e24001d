import fc from "fast-check";
import { asset, col, daily, fn, monthly, partitionKey, sql, type TimeWindowPartitions } from "lakeform";
import { describe, expect, it } from "vitest";
import { buildAssetGraph } from "../../runtime/core/graph/build-asset-graph.ts";
import { backfillRanges, isContiguous, rangeIneligibility } from "../../runtime/core/partitions/range-eligibility.ts";
import { shiftKey } from "../../runtime/core/partitions/time-window.ts";

const columns = { id: col.int64(), day: col.date() };
const nodeOf = (partitions: TimeWindowPartitions, compute = sql`select 1 as id, current_date as day`) => buildAssetGraph([asset("clean/a", { owners: ["team:test"], columns, partitions, compute })]).get("clean/a");

const specs = [daily({ start: "2024-01-01", timezone: "Europe/Paris", column: "day" }), monthly({ start: "2024-01", column: "day" })];
/** Keys of a spec: offsets from its start, possibly repeated and out of order. */
const keysOf = (spec: TimeWindowPartitions) => fc.array(fc.integer({ min: 0, max: 900 }), { maxLength: 120 }).map((offsets) => offsets.map((n) => shiftKey(spec, spec.start.slice(0, spec.granularity === "monthly" ? 7 : 10), n)));

describe("backfill ranges", () => {
  it("cover every key once, in order, as runs of consecutive partitions of at most max, split only at a gap or at max", () => {
    fc.assert(
      fc.property(fc.constantFrom(...specs).chain((spec) => fc.tuple(fc.constant(spec), keysOf(spec), fc.integer({ min: 1, max: 40 }))), ([spec, keys, max]) => {
        const ranges = backfillRanges(nodeOf(spec), keys, max);
        expect(ranges.flat()).toEqual([...new Set(keys)].sort());
        for (const range of ranges) {
          expect(range.length).toBeGreaterThan(0);
          expect(range.length).toBeLessThanOrEqual(max);
          expect(isContiguous(spec, range)).toBe(true);
        }
        for (let i = 1; i < ranges.length; i++) {
          const previous = ranges[i - 1] ?? [];
          const touches = shiftKey(spec, previous.at(-1) ?? "", 1) === ranges[i]?.[0];
          if (touches) expect(previous).toHaveLength(max);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("leave each partition alone for an asset that cannot run as ranges, and say why", () => {
    const keys = ["2024-01-01", "2024-01-02", "2024-01-03"];
    const noColumn = nodeOf(daily({ start: "2024-01-01" }));
    const keyed = nodeOf(daily({ start: "2024-01-01", column: "day" }), sql`select 1 as id, cast(${partitionKey} as date) as day`);
    const fnAsset = buildAssetGraph([asset("clean/f", { owners: ["team:test"], columns, partitions: daily({ start: "2024-01-01" }), compute: fn({ inputs: {}, run: () => [] }) })]).get("clean/f");
    expect(backfillRanges(noColumn, keys)).toEqual(keys.map((k) => [k]));
    expect(backfillRanges(keyed, keys)).toEqual(keys.map((k) => [k]));
    expect(rangeIneligibility(noColumn)).toBe("its partitions declare no column");
    expect(rangeIneligibility(keyed)).toBe("its SQL uses ${partitionKey}, which cannot stand for a range");
    expect(rangeIneligibility(fnAsset)).toBe("it is not an SQL asset");
    expect(backfillRanges(nodeOf(daily({ start: "2024-01-01", column: "day" })), keys)).toEqual([keys]);
  });
});
