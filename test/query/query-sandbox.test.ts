import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

/** Every data file under the workspace's tiers. */
function parquetFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".parquet")).map((e) => join(e.parentPath, e.name));
}

describe("lakeform query is read-only over published data", () => {
  const ws = new TempWorkspace(EVENTS_CATALOG);
  const home = join(ws.root, ".lakeform", "dev");
  let before: Map<string, string>;

  beforeAll(async () => {
    ws.land("events/a.csv", eventsCsv([["e1", "ann@example.com", "+33 6 12 34 56 78", "10.50", "2024-01-05T10:00:00Z"]]));
    expect((await ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-05"])).code).toBe(0);
    before = new Map(parquetFiles(home).map((f) => [f, readFileSync(f).toString("base64")]));
  });
  afterAll(() => ws.remove());

  const refused = async (sql: string) => {
    const { code, stderr } = await ws.lakeform(["query", sql]);
    expect(code, sql).toBe(1);
    return stderr;
  };

  it("serves the published assets", async () => {
    expect(await ws.query("select event_id from raw.events")).toEqual([{ event_id: "e1" }]);
  });

  it("refuses to write files, attach databases, install extensions or change settings", async () => {
    const published = [...before.keys()][0] ?? "";
    expect(await refused(`copy (select 1 as x) to '${join(ws.root, "out.csv")}'`)).toContain("Query refused: only SELECT statements are allowed, and this has COPY. `lakeform query` is read-only over the published assets");
    expect(await refused(`copy (select 1 as event_id) to '${published}' (format parquet, use_tmp_file false)`)).toContain("Query refused: only SELECT statements are allowed, and this has COPY.");
    expect(await refused(`attach '${join(ws.root, "x.duckdb")}' as x`)).toContain("Query refused: only SELECT statements are allowed, and this has ATTACH.");
    expect(await refused("install httpfs")).toContain("Query refused");
    expect(await refused("set threads = 1")).toContain("Query refused");
    expect(existsSync(join(ws.root, "out.csv"))).toBe(false);
    expect(existsSync(join(ws.root, "x.duckdb"))).toBe(false);
  });

  it("refuses to read any file but the published versions: system files, landing files with clear-text PII, unpublished versions", async () => {
    expect(await refused("select * from read_csv('/etc/passwd')")).toContain("file system operations are disabled");
    expect(await refused(`select * from read_csv('${join(ws.landing, "events/a.csv")}')`)).toContain("file system operations are disabled");
    expect(await refused(`select * from read_parquet('${home}/**/*.parquet')`)).toContain("file system operations are disabled");
    expect(await refused(`select * from glob('${home}/*')`)).toContain("file system operations are disabled");
  });

  it("leaves published data intact", () => {
    for (const [file, content] of before) {
      expect(readFileSync(file).toString("base64"), file).toBe(content);
      expect(statSync(file).size).toBeGreaterThan(0);
    }
  });

  it("serves the other assets when one published file is damaged, and names the damaged asset", async () => {
    const damaged = new TempWorkspace(EVENTS_CATALOG);
    try {
      damaged.land("events/a.csv", eventsCsv([["e1", "ann@example.com", "", "10.50", "2024-01-05T10:00:00Z"]]));
      damaged.land("clicks/a.jsonl", '{"click_id":"k1","page":"/","clicked_at":"2024-01-05T10:00:00Z"}\n');
      expect((await damaged.lakeform(["materialize", "raw/*", "--partition", "2024-01-05"])).code).toBe(0);
      const [events] = parquetFiles(join(damaged.root, ".lakeform", "dev", "raw", "events"));
      writeFileSync(events ?? "", "PAR1 truncated");
      const one = await damaged.lakeform(["query", "select 1 as one", "--json"]);
      expect(one.code).toBe(0);
      expect(JSON.parse(one.stdout)).toEqual([{ one: 1 }]);
      expect(one.stderr).toContain('! "raw/events" is left out of the query: its published data cannot be read');
      const clicks = await damaged.lakeform(["query", "select click_id from raw.clicks", "--json"]);
      expect(JSON.parse(clicks.stdout)).toEqual([{ click_id: "k1" }]);
    } finally {
      damaged.remove();
    }
  });
});
