import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

let ws: TempWorkspace;
beforeEach(() => (ws = new TempWorkspace(EVENTS_CATALOG)));
afterEach(() => ws.remove());

const good = ["e1", "ann@example.com", "", "12.50", "2024-01-05T10:00:00Z"];

/** Materialises raw/events for 2024-01-05 and returns the run's output. */
async function landEvents() {
  return ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-05"]);
}

describe("bad input gets a clear error naming the file, line or asset, and nothing is published", () => {
  it("a CSV value of the wrong type names the file, line and column", async () => {
    ws.land("events/bad.csv", eventsCsv([good, ["e2", "bob@example.com", "", "twelve", "2024-01-05T11:00:00Z"]]));
    const { code, stdout } = await landEvents();
    expect(code).toBe(1);
    const history = JSON.parse((await ws.lakeform(["history", "raw/events", "--json"])).stdout) as { status: string; reason: string }[];
    expect(history[0]?.reason).toBe('Asset "raw/events": landing file events/bad.csv line 3, column "amount": "twelve" is not a number. Fix: correct the value, or declare the column col.string(); nothing was ingested.');
    expect(stdout).toContain(history[0]?.reason);
    expect(await ws.lakeform(["query", "select * from raw.events"])).toMatchObject({ code: 1 });
  });

  it("a malformed CSV line names the file and line", async () => {
    ws.land("events/bad.csv", `${eventsCsv([good])}e2,"bob@example.com,,1.00\n`);
    const { code } = await landEvents();
    expect(code).toBe(1);
    const [last] = JSON.parse((await ws.lakeform(["history", "raw/events", "--json"])).stdout) as { reason: string }[];
    expect(last?.reason).toMatch(/events\/bad\.csv line 3/);
  });

  it("a malformed JSON line names the file and the exact line", async () => {
    ws.land("clicks/a.jsonl", '{"click_id":"k1","page":"/","clicked_at":"2024-01-05T10:00:00Z"}\n{"click_id":"k2","page":"/cart"\n');
    const { code } = await ws.lakeform(["materialize", "raw/clicks"]);
    expect(code).toBe(1);
    const [last] = JSON.parse((await ws.lakeform(["history", "raw/clicks", "--json"])).stdout) as { reason: string }[];
    expect(last?.reason).toMatch(/^Asset "raw\/clicks": landing file clicks\/a\.jsonl: line 2 is not valid JSON \(.+\): \{"click_id":"k2","page":"\/cart"\. Fix: fix or remove that line; nothing was ingested\.$/);
  });

  it("a JSON value of the wrong type names the file and line", async () => {
    ws.land("clicks/a.jsonl", '{"click_id":"k1","page":"/","clicked_at":"2024-01-05T10:00:00Z"}\n{"click_id":"k2","page":"/","clicked_at":"yesterday"}\n');
    expect((await ws.lakeform(["materialize", "raw/clicks"])).code).toBe(1);
    const [last] = JSON.parse((await ws.lakeform(["history", "raw/clicks", "--json"])).stdout) as { reason: string }[];
    expect(last?.reason).toBe('Asset "raw/clicks": landing file clicks/a.jsonl line 2, column "clicked_at": "yesterday" is not a timestamp. Fix: write it as ISO 8601 (e.g. 2026-11-30T10:00:00Z), or declare the column col.string(); nothing was ingested.');
  });

  it("a missing required column names the file and the column", async () => {
    ws.land("events/a.csv", "event_id,user_email,amount\ne1,ann@example.com,1.00\n");
    await landEvents();
    const [last] = JSON.parse((await ws.lakeform(["history", "raw/events", "--json"])).stdout) as { reason: string }[];
    expect(last?.reason).toBe(
      'Asset "raw/events": landing file events/a.csv: required column "occurred_at" is missing (the file has event_id, user_email, amount). Fix: add it to the export, or declare it .nullable(); nothing was ingested.',
    );
  });

  it("an unexpected column is schema drift: a warning check result, not an error", async () => {
    ws.land("events/a.csv", "event_id,user_email,phone,amount,occurred_at,coupon\ne1,ann@example.com,,1.00,2024-01-05T10:00:00Z,WELCOME\n");
    const { code, stdout } = await landEvents();
    expect(code).toBe(0);
    expect(stdout).toContain("raw/events schema_drift — 2024-01-05: schema drift: unexpected coupon");
    expect(await ws.query("select * from raw.events")).toHaveLength(1);
  });

  it("an empty file is refused", async () => {
    ws.land("events/empty.csv", "");
    await landEvents();
    const [last] = JSON.parse((await ws.lakeform(["history", "raw/events", "--json"])).stdout) as { reason: string }[];
    expect(last?.reason).toBe('Asset "raw/events": landing file events/empty.csv: the file is empty (0 bytes). Fix: re-export it, or remove it from the landing directory; nothing was ingested.');
  });

  it("PII without LAKEFORM_PII_KEY is refused before anything lands", async () => {
    ws.land("events/a.csv", eventsCsv([good]));
    const { code } = await ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-05"], { LAKEFORM_PII_KEY: undefined });
    expect(code).toBe(1);
    const [last] = JSON.parse((await ws.lakeform(["history", "raw/events", "--json"])).stdout) as { reason: string; files: string[] }[];
    expect(last?.reason).toBe('Asset "raw/events": "user_email" is PII to hash, but LAKEFORM_PII_KEY is not set. Fix: set LAKEFORM_PII_KEY to a secret of at least 16 characters (the same wherever hashed values must join); nothing was ingested.');
    expect(last?.files).toEqual([]);
  });

  it("duplicate primary keys block the publish", async () => {
    ws.land("events/a.csv", eventsCsv([good, good]));
    const { code, stdout } = await ws.lakeform(["materialize", "+clean/events", "--partition", "2024-01-05"]);
    expect(code).toBe(1);
    expect(stdout).toContain("blocked clean/events 2024-01-05: blocked by primary_key_unique: 1 duplicated key (2 rows) of 2 rows on event_id");
  });

  it("an SQL error names the asset and the line of its SQL", async () => {
    const broken = new TempWorkspace(join(process.cwd(), "test/fixtures/catalogs/broken-sql.ts"));
    try {
      const { stdout } = await broken.lakeform(["materialize"]);
      expect(stdout).toContain('failed  clean/broken: Asset "clean/broken": its SQL failed at line 3 of its SQL (test/fixtures/catalogs/broken-sql.ts:9): Catalog Error: Table Function with name rang does not exist!');
      expect(stdout).toContain('failed  clean/missing_column: Asset "clean/missing_column": its SQL returns no column "total" (it returns id). Fix: select it in the SQL, or remove it from the declared columns at test/fixtures/catalogs/broken-sql.ts:12.');
    } finally {
      broken.remove();
    }
  });

  it("a dependency never materialised is named with the fix", async () => {
    const { code, stdout } = await ws.lakeform(["materialize", "clean/events", "--partition", "2024-01-05"]);
    expect(code).toBe(1);
    expect(stdout).toContain('failed  clean/events 2024-01-05: Asset "clean/events": its dependency "raw/events" has never been materialised. Fix: run `lakeform materialize +clean/events` to build it with its upstream.');
  });

  it("a selection matching nothing is a usage error", async () => {
    const { code, stderr } = await ws.lakeform(["materialize", "tag:nothing"]);
    expect(code).toBe(2);
    expect(stderr).toContain('Selection "tag:nothing" matches no asset.');
  });

  it("a partition key of the wrong shape is refused with the asset's keys", async () => {
    const { code, stderr } = await ws.lakeform(["materialize", "raw/events", "--partition", "last-tuesday"]);
    expect(code).toBe(1);
    expect(stderr).toContain('Asset "raw/events": partition "last-tuesday" is not a daily partition key (e.g. 2024-01-01)');
  });
});
