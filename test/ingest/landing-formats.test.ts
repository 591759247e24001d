import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildAssetGraph, col, fileDrop, source, type FileFormat } from "lakeform";
import { TempWorkspace } from "../support/temp-workspace.ts";
import { Landing } from "./landing.ts";

const CATALOG = join(process.cwd(), "test/fixtures/catalogs/ingest.ts");

describe("landing formats, renamed fields, and what users get wrong (CLI)", () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = new TempWorkspace(CATALOG)));
  afterEach(() => ws.remove());

  it("a JSON array file lands, its renamed field mapped to the declared column", async () => {
    ws.land("json/movies.json", '[\n  {"id": 1, "Label Text": "Heat", "price": 9.5},\n  {"id": 2, "Label Text": "Ran", "reading": 3}\n]\n');
    const { code, stdout } = await ws.lakeform(["materialize", "raw/json_readings"]);
    expect(stdout).not.toContain("schema drift: unexpected");
    expect(code).toBe(0);
    expect(await ws.query("select id, label, price::VARCHAR as price, reading from raw.json_readings order by id")).toEqual([
      { id: 1, label: "Heat", price: "9.50", reading: null },
      { id: 2, label: "Ran", price: null, reading: "3" },
    ]);
  });

  it("a wrong CSV delimiter says what the file looks like, not that a column is missing", async () => {
    ws.land("semicolon/a.csv", "id;name\n1;Ann\n");
    await ws.lakeform(["materialize", "raw/semicolon"]);
    const [last] = JSON.parse((await ws.lakeform(["history", "raw/semicolon", "--json"])).stdout) as { reason: string }[];
    expect(last?.reason).toBe(
      'Asset "raw/semicolon": landing file semicolon/a.csv: the file looks `;`-delimited, not `,`-delimited (its header does not split on `,`). Fix: declare fileDrop({ ..., delimiter: ";" }), or re-export the file with `,`; nothing was ingested.',
    );
  });

  it("a landed file in a subfolder the pattern does not reach is named, not silently ignored", async () => {
    ws.land("orders/a.csv", "order_id\no1\n");
    ws.land("orders/dt=2026-11-28/x.csv", "order_id\no2\n");
    const { code, stdout } = await ws.lakeform(["materialize", "raw/orders"]);
    expect(code).toBe(0);
    const message = 'Landed file in a subfolder that the pattern "orders/*.csv" does not reach was not loaded: orders/dt=2026-11-28/x.csv. Use the pattern "orders/**/*.csv" to load subfolders too, or move it out of the landing folder';
    expect(stdout).toContain(`raw/orders unmatched_landing_files — ${message.replace(/^L/, "1 l")}`);
    const checks = JSON.parse((await ws.lakeform(["checks", "raw/orders", "--json"])).stdout) as { check: string; status: string; message: string }[];
    expect(checks.find((c) => c.check === "unmatched_landing_files")).toMatchObject({ status: "warn", message: message.replace(/^L/, "1 l") });
    expect(await ws.query("select order_id from raw.orders")).toEqual([{ order_id: "o1" }]);
  });
});

describe("rename maps landed names to declared columns on every format (engine)", () => {
  let landing: Landing;
  beforeAll(async () => (landing = await Landing.open()));
  afterAll(() => landing.close());
  const movies = (format: FileFormat) =>
    source("raw/movies", { owners: ["team:data"], from: fileDrop({ format, pattern: `m/*.${format}`, rename: { "IMDB Rating": "imdb_rating", Title: "title" } }), columns: { title: col.string(), imdb_rating: col.decimal(3, 1) } });
  const files: Record<FileFormat, string | { parquetFrom: string }> = {
    csv: "Title,IMDB Rating\nHeat,8.3\n",
    jsonl: '{"Title":"Heat","IMDB Rating":8.3}\n',
    json: '[{"Title":"Heat","IMDB Rating":8.3}]',
    parquet: { parquetFrom: `select 'Heat' as "Title", 8.3::DECIMAL(3,1) as "IMDB Rating"` },
  };
  for (const format of ["csv", "jsonl", "json", "parquet"] as const) {
    it(format, async () => {
      expect(await landing.land(movies(format), { [`m/a.${format}`]: files[format] })).toEqual([{ title: "Heat", imdb_rating: "8.3" }]);
    });
  }

  it("a JSON array file that is not valid JSON names the line", async () => {
    await expect(landing.land(movies("json"), { "m/a.json": '[\n{"Title":"Heat","IMDB Rating":8.3},\n{"Title":"Ran" "IMDB Rating":8.2}\n]' })).rejects.toThrow(/^Asset "raw\/movies": landing file m\/a\.json: line 3 is not valid JSON \(.+\): \{"Title":"Ran" "IMDB Rating":8\.2\}\. Fix: fix or remove that line; nothing was ingested\.$/);
  });

  it("a bad renamed value names the column and the landed name", async () => {
    await expect(landing.land(movies("csv"), { "m/a.csv": "Title,IMDB Rating\nHeat,8.35\n" })).rejects.toThrow('landing file m/a.csv line 2, column "imdb_rating" (landed as "IMDB Rating"): "8.35" does not fit DECIMAL(3,1)');
  });

  it("a source with hashed PII, publishEmpty and no landing file publishes an empty, typed version", async () => {
    const people = source("raw/people", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "p/*.csv", whenNoData: "publishEmpty" }), columns: { person_id: col.int64(), email: col.string().pii("email", "hash") } });
    expect(await landing.land(people, {}, "test-pii-key-0123456789")).toEqual([]);
    expect(await landing.lastTypes()).toEqual({ person_id: "BIGINT", email: "VARCHAR", _loaded_at: "TIMESTAMP WITH TIME ZONE", _source_file: "VARCHAR", _batch_id: "VARCHAR" });
  });
});

describe("the catalog says when a fileDrop is wrong", () => {
  const columns = { id: col.string() };
  it("rename targets must be declared columns, one landed name each; whenNoData must be an option", () => {
    const bad = [
      source("raw/a", { owners: ["team:data"], from: fileDrop({ format: "json", pattern: "a/*.json", rename: { "Id": "identifier" } }), columns }),
      source("raw/b", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "b/*.csv", rename: { ID: "id", Ident: "id" } }), columns }),
      source("raw/c", { owners: ["team:data"], from: fileDrop({ format: "csv", pattern: "c/*.csv", whenNoData: "never" as "wait" }), columns }),
    ];
    expect(() => buildAssetGraph(bad)).toThrow(/raw\/a": rename maps "Id" to "identifier", which is not a declared column\. Fix: map it to one of "id", or declare "identifier"/);
    expect(() => buildAssetGraph(bad)).toThrow(/raw\/b": rename maps both "ID" and "Ident" to "id"\. Fix: map each landed field to its own column/);
    expect(() => buildAssetGraph(bad)).toThrow(/raw\/c": whenNoData "never" is not an option\. Fix: use "wait" \(the default\) or "publishEmpty"/);
  });

  it("a JSON array source is valid", () => {
    expect(buildAssetGraph([source("raw/a", { owners: ["team:data"], from: fileDrop({ format: "json", pattern: "a/*.json" }), columns })]).size).toBe(1);
  });
});
