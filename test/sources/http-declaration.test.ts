import { describe, expect, it } from "vitest";
import { col, daily, env, httpApi, source } from "lakeform";
import { problemsOf } from "../support/problems.ts";

const columns = { id: col.int64(), placed_at: col.timestamp() };

describe("an HTTP API source is declared so it can run", () => {
  it("accepts each kind of pagination", () => {
    const api = (name: string, pagination: Parameters<typeof httpApi>[0]["pagination"]) =>
      source(`raw/${name}`, { owners: ["team:shop"], from: httpApi({ url: "https://api.example.com/v1/orders", records: "data", token: env("SHOP_API_TOKEN"), ...(pagination === undefined ? {} : { pagination }) }), columns });
    expect(problemsOf([api("a", undefined), api("b", { kind: "cursor", param: "cursor", next: "meta.next" }), api("c", { kind: "page", param: "page" }), api("d", { kind: "offset", param: "offset", limitParam: "limit", limit: 100 }), api("e", { kind: "link" })])).toEqual([]);
  });

  it("reports every problem at once, each with its fix", () => {
    const bad = source("raw/orders", {
      owners: ["team:shop"],
      from: httpApi({ url: "https://user:pw@api.example.com/v1", token: env("bad-name"), pagination: { kind: "offset", param: "offset", limitParam: "limit", limit: 0 }, requestsPerSecond: 0, timeout: "soon" as "1s", maxPages: 0 }),
      columns,
      partitions: daily({ start: "2024-01-01", timezone: "UTC" }),
    });
    expect(problemsOf([bad])).toEqual([
      'Asset "raw/orders": the url holds credentials. Fix: remove them from the URL and declare token: env("API_TOKEN").',
      'Asset "raw/orders": the token must come from an environment secret. Fix: write token: env("SHOP_API_TOKEN").',
      'Asset "raw/orders": offset pagination needs a page size of at least 1 and its parameter name. Fix: write { kind: "offset", param: "offset", limitParam: "limit", limit: 100 }.',
      'Asset "raw/orders": requestsPerSecond 0 is not between 0 and 1000. Fix: leave it out (5) or set the API\'s documented rate.',
      'Asset "raw/orders": timeout "soon" is not a duration. Fix: write it like "30s" or "15m".',
      'Asset "raw/orders": maxPages 0 is not a whole number of at least 1. Fix: leave it out or set a whole number.',
      'Asset "raw/orders": an HTTP API source is not partitioned: each run reads the API\'s records. Fix: remove partitions; partition the tiers downstream.',
    ]);
    expect(problemsOf([source("raw/x", { owners: ["team:shop"], from: httpApi({ url: "ftp://example.com/x" }), columns })])).toEqual([
      'Asset "raw/x": url "ftp://example.com/x" is not an http(s) URL. Fix: write the first page\'s URL, e.g. "https://api.example.com/v1/orders".',
    ]);
  });
});
