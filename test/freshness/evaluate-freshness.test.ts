import { cronDeadline, daily, maxLag } from "lakeform";
import { describe, expect, it } from "vitest";
import { evaluateFreshness, evaluatePartitionFreshness } from "../../runtime/freshness/evaluate-freshness.ts";

const at = (iso: string) => new Date(iso);

describe("freshness of an asset", () => {
  const policy = maxLag({ warnAfter: "2h", failAfter: "6h" });

  it("measures lag from the last successful publish, with strict thresholds as dbt", () => {
    const published = at("2024-03-01T00:00:00Z");
    expect(evaluateFreshness(policy, published, at("2024-03-01T02:00:00Z")).state).toBe("PASS");
    expect(evaluateFreshness(policy, published, at("2024-03-01T02:00:00.001Z")).state).toBe("WARN");
    expect(evaluateFreshness(policy, published, at("2024-03-01T06:00:00Z")).state).toBe("WARN");
    expect(evaluateFreshness(policy, published, at("2024-03-01T06:00:00.001Z"))).toMatchObject({ state: "FAIL", lagMs: 6 * 3_600_000 + 1 });
    expect(evaluateFreshness(policy, published, at("2024-03-01T07:00:00Z")).reason).toBe("last published 7h ago, more than failAfter 6h");
  });

  it("is UNKNOWN before the first publish and NOT_APPLICABLE without a policy", () => {
    expect(evaluateFreshness(policy, undefined, at("2024-03-01T00:00:00Z")).state).toBe("UNKNOWN");
    expect(evaluateFreshness(undefined, at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z")).state).toBe("NOT_APPLICABLE");
  });

  it("passes a cron deadline iff the last publish is within the window before the last tick, across DST", () => {
    const deadline = cronDeadline({ cron: "0 9 * * *", window: "3h", timezone: "Europe/Paris" });
    // 2024-03-31 is the spring-forward day in Paris: 09:00 local is 07:00Z (the day before, 08:00Z).
    expect(evaluateFreshness(deadline, at("2024-03-31T04:30:00Z"), at("2024-03-31T07:30:00Z")).state).toBe("PASS");
    expect(evaluateFreshness(deadline, at("2024-03-31T03:59:00Z"), at("2024-03-31T07:30:00Z"))).toMatchObject({ state: "FAIL" });
    expect(evaluateFreshness(deadline, at("2024-03-30T05:00:00Z"), at("2024-03-30T08:30:00Z")).state).toBe("PASS");
    // Before today's deadline, yesterday's deadline is the one that counts.
    expect(evaluateFreshness(deadline, at("2024-03-30T05:00:00Z"), at("2024-03-31T06:59:00Z")).state).toBe("PASS");
  });
});

describe("freshness of a partition", () => {
  const days = daily({ start: "2024-01-01" });
  const policy = maxLag({ warnAfter: "2h", failAfter: "6h" });

  it("is due when its window closes and is measured until it is published", () => {
    expect(evaluatePartitionFreshness(policy, days, "2024-03-01", undefined, at("2024-03-01T12:00:00Z")).state).toBe("NOT_APPLICABLE");
    expect(evaluatePartitionFreshness(policy, days, "2024-03-01", undefined, at("2024-03-02T01:00:00Z")).state).toBe("PASS");
    expect(evaluatePartitionFreshness(policy, days, "2024-03-01", undefined, at("2024-03-02T03:00:00Z")).state).toBe("WARN");
    expect(evaluatePartitionFreshness(policy, days, "2024-03-01", undefined, at("2024-03-02T07:00:00Z"))).toMatchObject({ state: "FAIL", reason: "not published 7h after its window closed, more than failAfter 6h" });
    expect(evaluatePartitionFreshness(policy, days, "2024-03-01", at("2024-03-02T05:00:00Z"), at("2024-03-09T00:00:00Z"))).toMatchObject({ state: "PASS", lagMs: 5 * 3_600_000 });
  });
});
