// The functions audits need, spelled natively by each dialect.
import { describe, expect, it } from "vitest";
import { bigqueryDialect, duckdbDialect, sparkDialect } from "../../runtime/core/sql/dialects.ts";

describe("the dialects' audit functions", () => {
  it("count the rows where a predicate holds", () => {
    expect([duckdbDialect, sparkDialect, bigqueryDialect].map((d) => d.countIf("x > 1"))).toEqual(["count(*) filter (where x > 1)", "count_if(x > 1)", "COUNTIF(x > 1)"]);
  });

  it("search a string for a regular expression given as a parameter", () => {
    expect([duckdbDialect, sparkDialect, bigqueryDialect].map((d) => d.regexContains("s", d.parameter(0)))).toEqual(["regexp_matches(s, $1)", "(s rlike :p0)", "REGEXP_CONTAINS(s, @p0)"]);
  });

  it("turn an instant into epoch milliseconds", () => {
    expect([duckdbDialect, sparkDialect, bigqueryDialect].map((d) => d.epochMillis("max(t)"))).toEqual(["epoch_ms(cast(max(t) as TIMESTAMPTZ))", "unix_millis(cast(max(t) as TIMESTAMP))", "UNIX_MILLIS(cast(max(t) as TIMESTAMP))"]);
  });

  it("pick BigQuery's quantile boundaries from the fewest buckets that hold every fraction", () => {
    expect(bigqueryDialect.approxQuantiles("x", [0.1, 0.5])).toBe("[APPROX_QUANTILES(x, 10)[OFFSET(1)], APPROX_QUANTILES(x, 10)[OFFSET(5)]]");
    expect(sparkDialect.approxQuantiles("x", [0.1, 0.5])).toBe("percentile_approx(x, array(0.1, 0.5))");
    expect(duckdbDialect.approxQuantiles("x", [0.5])).toBe("reservoir_quantile(x, [0.5])");
  });

  it("refuses a quantile fraction outside (0, 1)", () => {
    expect(() => sparkDialect.approxQuantiles("x", [1.5])).toThrow("A quantile fraction must lie between 0 and 1 (exclusive), not 1.5");
    expect(() => bigqueryDialect.approxQuantiles("x", [0])).toThrow(RangeError);
  });
});
