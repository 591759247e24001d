import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { col, fileDrop, source, type Column, type FileFormat } from "lakeform";
import { TempWorkspace } from "../support/temp-workspace.ts";
import { Landing } from "./landing.ts";

const CATALOG = join(process.cwd(), "test/fixtures/catalogs/ingest.ts");

describe("a value that does not convert exactly to its declared type fails the load (CLI)", () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = new TempWorkspace(CATALOG)));
  afterEach(() => ws.remove());

  it("a CSV int64 holding 31.95376472 names file, line, column and value; nothing is published", async () => {
    ws.land("csv/a.csv", "id,reading\n1,32\n2,31.95376472\n");
    const { code, stdout } = await ws.lakeform(["materialize", "raw/csv_readings"]);
    expect(code).toBe(1);
    const reason =
      'Asset "raw/csv_readings": landing file csv/a.csv line 3, column "reading": "31.95376472" does not fit BIGINT (it would be rounded). Fix: correct the value, or declare the column col.double() or col.decimal(p, s); nothing was ingested.';
    expect(stdout).toContain(reason);
    expect((await ws.lakeform(["query", "select * from raw.csv_readings"])).code).toBe(1);
  });

  it("several bad values are listed, first lines first, with how many more", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i},${i % 2 === 0 ? `${i}.5` : String(i)}`);
    ws.land("csv/a.csv", `id,reading\n${rows.join("\n")}\n`);
    const { code } = await ws.lakeform(["materialize", "raw/csv_readings"]);
    expect(code).toBe(1);
    const [last] = JSON.parse((await ws.lakeform(["history", "raw/csv_readings", "--json"])).stdout) as { reason: string }[];
    expect(last?.reason).toContain('Asset "raw/csv_readings": landing files do not match the declared schema:\n  - csv/a.csv line 2, column "reading": "0.5" does not fit BIGINT (it would be rounded)');
    expect(last?.reason).toContain('  - csv/a.csv line 10, column "reading": "8.5" does not fit BIGINT');
    expect(last?.reason).toContain("  - and 1 more\nFix:");
    expect(last?.reason).not.toContain("line 12,");
  });
});

describe("every landing format converts exactly or fails with the value named (engine)", () => {
  let landing: Landing;
  beforeAll(async () => (landing = await Landing.open()));
  afterAll(() => landing.close());

  const columnsOf = { id: col.int32(), v: col.int64().nullable() };
  const asSource = (format: FileFormat, v: Column = col.int64().nullable()) =>
    source("raw/x", { owners: ["team:data"], from: fileDrop({ format, pattern: `x/*.${format}` }), columns: { ...columnsOf, v } });
  const filesOf = (format: FileFormat, value: string): Record<string, string | { parquetFrom: string }> => {
    switch (format) {
      case "csv": return { "x/a.csv": `id,v\n1,${value}\n` };
      case "jsonl": return { "x/a.jsonl": `{"id":1,"v":${value}}\n` };
      case "json": return { "x/a.json": `[\n{"id":1,"v":${value}}\n]` };
      case "parquet": return { "x/a.parquet": { parquetFrom: `select 1 as id, ${value} as v` } };
    }
  };

  for (const format of ["csv", "jsonl", "json", "parquet"] as const) {
    it(`${format}: a fraction into int64 is refused, not rounded`, async () => {
      await expect(landing.land(asSource(format), filesOf(format, "31.95376472"))).rejects.toThrow(/column "v": "31\.95376472" does not fit BIGINT \(it would be rounded\)/);
    });
    it(`${format}: an integer beyond int32 is refused`, async () => {
      await expect(landing.land(asSource(format, col.int32()), filesOf(format, "3000000000"))).rejects.toThrow(/column "v": "3000000000" is out of range for INTEGER\. Fix: correct the value, or declare the column col\.int64\(\)/);
    });
    it(`${format}: a decimal with more places than its scale is refused, not rounded`, async () => {
      await expect(landing.land(asSource(format, col.decimal(10, 2)), filesOf(format, "1.005"))).rejects.toThrow(/"1\.005" does not fit DECIMAL\(10,2\) \(it has more than 2 decimal places/);
    });
    it(`${format}: values that fit land exactly`, async () => {
      expect(await landing.land(asSource(format, col.decimal(10, 2)), filesOf(format, "12.50"))).toEqual([{ id: 1, v: "12.50" }]);
    });
  }

  it("a timestamp with nanoseconds that would be dropped is refused", async () => {
    const at = source("raw/stamps", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "a/*.csv" }), columns: { stamp: col.timestamp() } });
    await expect(landing.land(at, { "a/a.csv": "stamp\n2026-11-28 10:00:00.123456789\n" })).rejects.toThrow(/"2026-11-28 10:00:00\.123456789" has more than 6 fractional second digits \(they would be dropped\)/);
    expect(await landing.land(at, { "a/a.csv": "stamp\n2026-11-28T10:00:00.123456000Z\n" })).toEqual([{ stamp: "2026-11-28 10:00:00.123456+00" }]);
  });

  it("a date holding a time of day is refused, not truncated", async () => {
    const day = source("raw/day", { owners: ["team:data"], from: fileDrop({ format: "jsonl", pattern: "d/*.jsonl" }), columns: { day: col.date() } });
    await expect(landing.land(day, { "d/a.jsonl": '{"day":"2026-11-28 10:00"}\n' })).rejects.toThrow(/"2026-11-28 10:00" is not a date \(it has a time of day, which would be dropped\)\. Fix: land dates as YYYY-MM-DD, or declare the column col\.timestamp\(\)/);
  });
});
