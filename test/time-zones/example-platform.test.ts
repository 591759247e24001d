import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import platform from "../../assets/index.ts";
import { HOST_ZONES, lakeformIn, queryIn, type ZonedWorkspace } from "./zoned-cli.ts";

const run = promisify(execFile);
const CATALOG = join(process.cwd(), "assets/index.ts");
const GENERATOR = join(process.cwd(), "test/time-zones/generate-demo-landing.ts");
const DAYS = 5;
const DAY_MS = 86_400_000;
/** The demo's days end yesterday (UTC), as `npm run demo` does; fixed once for every zone. */
const END = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS);
const FIRST = new Date(END.getTime() - (DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
const LAST = END.toISOString().slice(0, 10);
const keys = platform.map((d) => d.key).sort();
const table = (key: string) => key.replace("/", ".");

/** Every file under `dir`: path, content and modification time. */
function snapshot(dir: string): { path: string; content: string; mtimeMs: number }[] {
  const files: { path: string; content: string; mtimeMs: number }[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push({ path: relative(dir, path), content: readFileSync(path, "utf8"), mtimeMs: Math.floor(statSync(path).mtimeMs) });
    }
  };
  walk(dir);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** What the platform published, as text rows: every curated asset whole, every asset's row count. */
async function published(tz: string, ws: ZonedWorkspace): Promise<Record<string, string[]>> {
  const curated = keys.filter((k) => k.startsWith("curated/"));
  const parts = [
    ...curated.map((k) => `select '${k}' as asset, string_agg(to_json(t)::varchar, '\n' order by to_json(t)::varchar) as rows from ${table(k)} t`),
    `select 'row counts' as asset, string_agg(n, '\n' order by n) as rows from (${keys.map((k) => `select '${k} ' || count(*) as n from ${table(k)}`).join(" union all ")})`,
  ];
  const rows = await queryIn(tz, ws, parts.join("\nunion all\n"));
  return Object.fromEntries(rows.map((r) => [String(r.asset), String(r.rows ?? "").split("\n")]));
}

describe("the example platform gives the same figures under every host time zone", () => {
  const root = mkdtempSync(join(tmpdir(), "lakeform-tz-demo-"));
  const landing = join(root, "landing-utc");
  const results = new Map<string, Record<string, string[]>>();

  beforeAll(async () => {
    // The generator itself is run under two zones far apart; the files must be identical.
    await Promise.all(
      [["UTC", landing], ["Pacific/Chatham", join(root, "landing-chatham")]].map(([tz, dir]) =>
        run(process.execPath, ["--import", "tsx", GENERATOR, dir ?? "", END.toISOString(), String(DAYS)], { env: { ...process.env, TZ: tz } }),
      ),
    );
    // Files generated under UTC, materialised in a fresh workspace under each zone.
    for (const tz of HOST_ZONES) {
      const ws: ZonedWorkspace = { home: join(root, `home-${tz.replace("/", "_")}`), landing, catalog: CATALOG };
      await lakeformIn(tz, ws, ["materialize", "--from", FIRST, "--to", LAST]);
      results.set(tz, await published(tz, ws));
    }
  }, 150_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("generates byte-identical landing files, landed at the same instants, under any time zone", () => {
    const utc = snapshot(landing);
    expect(utc.length).toBeGreaterThan(DAYS * 3);
    expect(snapshot(join(root, "landing-chatham"))).toEqual(utc);
  });

  it("publishes every asset with the same rows under UTC, America/Los_Angeles and Asia/Tokyo", () => {
    const utc = results.get("UTC") ?? {};
    expect(Object.keys(utc).sort()).toEqual([...keys.filter((k) => k.startsWith("curated/")), "row counts"].sort());
    // A revenue row for every day, with orders: the platform really ran.
    const revenue = (utc["curated/daily_revenue"] ?? []).map((r) => JSON.parse(r) as { revenue_date: string; orders_placed: number });
    expect(revenue.map((r) => r.revenue_date)).toEqual(Array.from({ length: DAYS }, (_, i) => new Date(END.getTime() - (DAYS - 1 - i) * DAY_MS).toISOString().slice(0, 10)));
    for (const day of revenue) expect(Number(day.orders_placed)).toBeGreaterThan(0);
    for (const line of utc["row counts"] ?? []) expect(line, "every asset published rows").not.toMatch(/ 0$/);
    for (const tz of HOST_ZONES.slice(1)) expect(results.get(tz), `under TZ=${tz}`).toEqual(utc);
  });
});
