import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { col, fileDrop, source } from "lakeform";
import { Landing } from "./landing.ts";

let landing: Landing;
beforeAll(async () => (landing = await Landing.open()));
afterAll(() => landing.close());

describe("Parquet and JSON sources are cast to the declared types at the door", () => {
  const airports = (format: "parquet" | "jsonl" | "json") =>
    source("raw/airports", { owners: ["team:data"], from: fileDrop({ format, pattern: `airports/*.${format}` }), columns: { code: col.string(), elevation: col.int64(), name_length: col.string() } });

  it("a Parquet column declared int64 holding text fails with file, row, column and value", async () => {
    const files = { "airports/a.parquet": { parquetFrom: "select * from (values ('JFK', '13', 3), ('MEM', 'MEM', 7)) t(code, elevation, name_length)" } };
    await expect(landing.land(airports("parquet"), files)).rejects.toThrow(
      'Asset "raw/airports": landing file airports/a.parquet row 2, column "elevation": "MEM" is not an integer. Fix: correct the value, or declare the column col.string(); nothing was ingested.',
    );
  });

  it("a Parquet column declared string holding numbers lands as text of the declared type", async () => {
    const files = { "airports/a.parquet": { parquetFrom: "select 'JFK' as code, 13::BIGINT as elevation, 3::INTEGER as name_length" } };
    expect(await landing.land(airports("parquet"), files)).toEqual([{ code: "JFK", elevation: "13", name_length: "3" }]);
    expect(await landing.lastTypes()).toMatchObject({ code: "VARCHAR", elevation: "BIGINT", name_length: "VARCHAR" });
  });

  it("Parquet columns of a wider type convert when the values fit", async () => {
    const files = { "airports/a.parquet": { parquetFrom: "select 'JFK' as code, 13.0::DOUBLE as elevation, 'x' as name_length" } };
    expect(await landing.land(airports("parquet"), files)).toEqual([{ code: "JFK", elevation: "13", name_length: "x" }]);
  });

  for (const format of ["jsonl", "json"] as const) {
    it(`${format}: text where an int64 is declared fails with the line, column and value`, async () => {
      const rows = ['{"code":"JFK","elevation":13,"name_length":3}', '{"code":"MEM","elevation":"MEM","name_length":7}'];
      const text = format === "jsonl" ? `${rows.join("\n")}\n` : `[\n${rows.join(",\n")}\n]\n`;
      await expect(landing.land(airports(format), { [`airports/a.${format}`]: text })).rejects.toThrow(
        `Asset "raw/airports": landing file airports/a.${format} line 3, column "elevation": "MEM" is not an integer. Fix: correct the value, or declare the column col.string(); nothing was ingested.`.replace("line 3", format === "jsonl" ? "line 2" : "line 3"),
      );
    });

    it(`${format}: numbers where a string is declared land as text`, async () => {
      const row = '{"code":"JFK","elevation":13,"name_length":3}';
      const text = format === "jsonl" ? `${row}\n` : `[${row}]`;
      expect(await landing.land(airports(format), { [`airports/a.${format}`]: text })).toEqual([{ code: "JFK", elevation: "13", name_length: "3" }]);
      expect(await landing.lastTypes()).toMatchObject({ elevation: "BIGINT", name_length: "VARCHAR" });
    });
  }
});
