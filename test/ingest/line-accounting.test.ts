import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { col, fileDrop, source } from "lakeform";
import { TempWorkspace } from "../support/temp-workspace.ts";
import { countLandedRecords } from "../../runtime/sources/file-drop/record-count.ts";
import { Landing } from "./landing.ts";

const CATALOG = join(process.cwd(), "test/fixtures/catalogs/ingest.ts");

describe("every landed line is accounted for (CLI)", () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = new TempWorkspace(CATALOG)));
  afterEach(() => ws.remove());

  it("a CSV line of 40 MB is loaded, not dropped: 529 lines in, 529 rows out", async () => {
    const lines = Array.from({ length: 529 }, (_, i) => (i === 300 ? `${i},"${"x".repeat(40 * 1024 * 1024)}"` : `${i},short`));
    ws.land("long/a.csv", `id,body\n${lines.join("\n")}\n`);
    const { code, stdout } = await ws.lakeform(["materialize", "raw/long_lines"]);
    expect(stdout).toContain("raw/long_lines");
    expect(code).toBe(0);
    expect(await ws.query("select count(*)::INTEGER as n, max(length(body))::INTEGER as longest from raw.long_lines")).toEqual([{ n: 529, longest: 40 * 1024 * 1024 }]);
  }, 60_000);

  it("a CSV TIMESTAMPTZ value that does not parse fails the load instead of landing as NULL", async () => {
    ws.land("csv/a.csv", "id,taken_at\n1,2026-11-28T10:00:00Z\n2,31/11/2026 10:00\n3,not-a-time\n");
    const { code } = await ws.lakeform(["materialize", "raw/csv_readings"]);
    expect(code).toBe(1);
    const [last] = JSON.parse((await ws.lakeform(["history", "raw/csv_readings", "--json"])).stdout) as { reason: string }[];
    expect(last?.reason).toBe(
      'Asset "raw/csv_readings": landing files do not match the declared schema:\n' +
        '  - csv/a.csv line 3, column "taken_at": "31/11/2026 10:00" is not a timestamp (fix: write it as ISO 8601 (e.g. 2026-11-30T10:00:00Z), or declare the column col.string())\n' +
        '  - csv/a.csv line 4, column "taken_at": "not-a-time" is not a timestamp (fix: write it as ISO 8601 (e.g. 2026-11-30T10:00:00Z), or declare the column col.string())\n' +
        "Fix: correct those lines or values as suggested, then rerun; nothing was ingested.",
    );
  });
});

describe("rows out = records in − rejected lines, or the load fails (engine)", () => {
  let landing: Landing;
  beforeAll(async () => (landing = await Landing.open()));
  afterAll(() => landing.close());
  const long = source("raw/long_lines", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "long/*.csv" }), columns: { id: col.int64(), body: col.string() } });

  it("a line longer than the reader takes is reported, never silently dropped", async () => {
    const lines = ["1,a", `2,"${"y".repeat(70 * 1024 * 1024)}"`, "3,c"];
    await expect(landing.land(long, { "long/a.csv": `id,body\n${lines.join("\n")}\n` })).rejects.toThrow(/^Asset "raw\/long_lines": landing file long\/a\.csv line 3: Maximum line size of 67108864 bytes exceeded/);
  }, 60_000);

  it("quoted newlines and blank lines are counted as the records they are", async () => {
    expect(await landing.land(long, { "long/a.csv": 'id,body\r\n1,"two\nlines"\r\n\r\n2,plain\r\n' })).toEqual([
      { id: "1", body: "two\nlines" },
      { id: "2", body: "plain" },
    ]);
  });

  it("JSON lines: blank lines are not records; every other line is a row", async () => {
    const clicks = source("raw/clicks", { owners: ["team:data"], from: fileDrop({ format: "jsonl", pattern: "c/*.jsonl" }), columns: { id: col.int64() } });
    expect(await landing.land(clicks, { "c/a.jsonl": '{"id":1}\n\n  \n{"id":2}\n' })).toHaveLength(2);
  });
});

describe("records are counted independently of the reader", () => {
  let landing: Landing;
  beforeAll(async () => (landing = await Landing.open()));
  afterAll(() => landing.close());
  const write = async (name: string, text: string) => {
    const { writeFileSync } = await import("node:fs");
    const path = join(landing.dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("CSV: records after the header, quoted newlines and doubled quotes inside a record, blank lines skipped", async () => {
    expect(await countLandedRecords(await write("a.csv", 'a,b\n1,"x\n""y""\n"\n\n2,z'), "csv")).toBe(2);
    expect(await countLandedRecords(await write("b.csv", "a,b\r\n"), "csv")).toBe(0);
    expect(await countLandedRecords(await write("c.csv", "a,b\r\n1,2\r\n\r\n\n3,4\r"), "csv")).toBe(2);
    expect(await countLandedRecords(await write("d.csv", `a,b\n${"1,2\n".repeat(700_000)}3,"4\n5"\n`), "csv")).toBe(700_001);
  });

  it("JSON lines: non-blank lines; JSON array: top-level elements, whatever their strings and nesting hold", async () => {
    expect(await countLandedRecords(await write("a.jsonl", '{"a":1}\n \n{"a":"}\\n"}\n'), "jsonl")).toBe(2);
    expect(await countLandedRecords(await write("a.json", '[{"a":[1,2],"b":"],\\"{"}, {"a":{}},\n{}]'), "json")).toBe(3);
    expect(await countLandedRecords(await write("b.json", "[ ]"), "json")).toBe(0);
  });
});
