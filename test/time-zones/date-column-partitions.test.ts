import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_ZONES, lakeformIn, queryIn, type ZonedWorkspace } from "./zoned-cli.ts";

const CATALOG = join(process.cwd(), "test/fixtures/catalogs/flights.ts");
const DAYS = ["2024-01-29", "2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02", "2024-02-03"];
/** Flights per day: all different, so a window shifted by a day shows. */
const FLIGHTS = DAYS.map((_, i) => 7 + 5 * i);

function flightsCsv(): string {
  const lines = ["flight_id,flight_date,departed_at,delay_minutes"];
  DAYS.forEach((day, d) => {
    for (let i = 0; i < (FLIGHTS[d] ?? 0); i++) {
      // Late-evening and offset-free departures: naive timestamps are read as UTC on every host.
      const at = i % 2 === 0 ? `${day} 23:${String(i % 60).padStart(2, "0")}:00` : `${day}T00:30:00+09:00`;
      lines.push(`F${d}-${i},${day},${at},${i % 40}`);
    }
  });
  return `${lines.join("\n")}\n`;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const byDay = DAYS.map((day, i) => ({ partition_key: day, flights: FLIGHTS[i], first_date: day, last_date: day }));
const byMonth = [
  { partition_key: "2024-01", flights: sum(FLIGHTS.slice(0, 3)), first_date: "2024-01-29", last_date: "2024-01-31" },
  { partition_key: "2024-02", flights: sum(FLIGHTS.slice(3)), first_date: "2024-02-01", last_date: "2024-02-03" },
];

describe("partitions over a DATE column, under every host time zone", () => {
  const root = mkdtempSync(join(tmpdir(), "lakeform-tz-dates-"));
  const landing = join(root, "landing");
  const results = new Map<string, Record<string, Record<string, unknown>[]>>();

  beforeAll(async () => {
    mkdirSync(join(landing, "flights"), { recursive: true });
    writeFileSync(join(landing, "flights", "flights.csv"), flightsCsv());
    for (const tz of HOST_ZONES) {
      const ws: ZonedWorkspace = { home: join(root, tz.replace("/", "_")), landing, catalog: CATALOG };
      await lakeformIn(tz, ws, ["materialize", "--from", DAYS[0] ?? "", "--to", DAYS.at(-1) ?? ""]);
      const [rows] = await queryIn(tz, ws, `
        select
          (select to_json(list(t order by partition_key)) from clean.flights_daily t) as daily,
          (select to_json(list(t order by partition_key)) from clean.flights_monthly t) as monthly,
          (select to_json(list(t order by partition_key)) from clean.flights_daily_los_angeles t) as daily_los_angeles,
          (select to_json(list(t order by partition_key)) from clean.flights_monthly_tokyo t) as monthly_tokyo,
          (select to_json(list({ day: cast(flight_date as varchar), flights: n } order by flight_date)) from (select flight_date, count(*) as n from raw.flights_by_day group by 1)) as by_day_source,
          (select to_json(list({ day: cast(flight_date as varchar), flights: n } order by flight_date)) from (select flight_date, count(*) as n from raw.flights_by_los_angeles_day group by 1)) as by_los_angeles_day_source,
          (select to_json(list({ id: flight_id, instant: epoch_ms(departed_at), shown: cast(departed_at as varchar) } order by flight_id)) from raw.flights) as departures`);
      results.set(tz, Object.fromEntries(Object.entries(rows ?? {}).map(([k, v]) => [k, JSON.parse(String(v)) as Record<string, unknown>[]])));
    }
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(HOST_ZONES)("under TZ=%s, daily and monthly partitions hold exactly their days, in UTC and in declared zones", (tz) => {
    const r = results.get(tz);
    expect(r?.daily).toEqual(byDay);
    expect(r?.daily_los_angeles).toEqual(byDay);
    expect(r?.monthly).toEqual(byMonth);
    expect(r?.monthly_tokyo).toEqual(byMonth);
    expect(r?.by_day_source).toEqual(DAYS.map((day, i) => ({ day, flights: FLIGHTS[i] })));
    expect(r?.by_los_angeles_day_source).toEqual(DAYS.map((day, i) => ({ day, flights: FLIGHTS[i] })));
  });

  it("reads timestamps and renders them the same on every host", () => {
    const departures = HOST_ZONES.map((tz) => results.get(tz)?.departures);
    expect(departures[0]?.length).toBe(sum(FLIGHTS));
    expect(departures[0]?.[0]).toEqual({ id: "F0-0", instant: Date.parse("2024-01-29T23:00:00Z"), shown: "2024-01-29 23:00:00+00" });
    expect(departures[0]?.[1]).toEqual({ id: "F0-1", instant: Date.parse("2024-01-28T15:30:00Z"), shown: "2024-01-28 15:30:00+00" });
    for (const other of departures.slice(1)) expect(other).toEqual(departures[0]);
  });
});
