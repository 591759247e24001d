import { sql, type SqlTemplate } from "lakeform";
import { describe, expect, it } from "vitest";
import { renderForTarget } from "../../../runtime/transpile/render-for-target.ts";
import type { SqlTarget } from "../../../runtime/transpile/sql-target.ts";

/**
 * DuckDB SQL that polyglot 0.12 turns into Spark SQL or BigQuery that parses but means another
 * thing (or fails when it runs): each is reported, naming the construct, with the fix ending in
 * the per-engine override. `undefined` where the translation is faithful.
 */
const MISTRANSLATED: readonly { readonly sql: SqlTemplate; readonly spark?: string; readonly bigquery?: string }[] = [
  { sql: sql`select range as i from range(3)`, spark: "`range(…)` as a table, which polyglot writes as `FROM sequence(…)`", bigquery: "`range(…)` as a table, which polyglot writes as `FROM range(…)`" },
  { sql: sql`select i from generate_series(1, 3) as g(i)`, spark: "`generate_series(…)` as a table", bigquery: "`generate_series(…)` as a table, which polyglot writes as `FROM generate_array(…)`" },
  { sql: sql`select range(3) as l`, bigquery: "`range(…)`, which polyglot keeps as range(…), BigQuery's RANGE type constructor" },
  { sql: sql`select epoch_ms(cast(ordered_at as timestamptz)) as ms from orders`, spark: "`epoch_ms(x)` of a timestamp, which polyglot writes as timestamp_millis(x): the inverse", bigquery: "`epoch_ms(x)` of a timestamp" },
  { sql: sql`select epoch_ms(ordered_at) as ms from orders`, spark: "`epoch_ms(x)` of a timestamp", bigquery: "`epoch_ms(x)` of a timestamp" },
  { sql: sql`select to_timestamp(seconds) as at from orders`, spark: "`to_timestamp(seconds)`, which polyglot writes as from_unixtime(seconds), a STRING" },
  { sql: sql`select regexp_replace(name, 'a', 'b') as n from orders`, spark: "which replaces the first match in DuckDB and every match in Spark SQL", bigquery: "which replaces the first match in DuckDB and every match in BigQuery" },
  { sql: sql`select regexp_replace(name, 'a', 'b', 'g') as n from orders`, spark: "whose options ('g') polyglot passes as Spark's fourth argument, a position" },
  { sql: sql`select regexp_replace(name, 'a', 'b', 'gi') as n from orders`, spark: "whose options ('gi')", bigquery: "whose options ('gi') polyglot drops" },
  { sql: sql`select regexp_matches(agent, 'bot', 'i') as bot from events`, spark: "`regexp_matches(s, pattern, options)`, which polyglot writes as regexp_like", bigquery: "`regexp_matches(s, pattern, options)`, whose options polyglot drops" },
  { sql: sql`select regexp_extract(path, '/p/(\\w+)', 1) as product from events`, bigquery: "`regexp_extract(…)`, which returns NULL in BigQuery where DuckDB returns ''" },
  { sql: sql`select extract(dow from occurred_at) as d from events`, spark: "which Spark SQL counts from Sunday = 1 (DuckDB: Sunday = 0)", bigquery: "the day of the week" },
  { sql: sql`select dayofweek(occurred_at) as d from events`, spark: "the day of the week", bigquery: "the day of the week" },
  { sql: sql`select date_part('isodow', occurred_at) as d from events`, spark: "`isodow(…)`", bigquery: "`isodow(…)`" },
  { sql: sql`select session_id, array_agg(page order by occurred_at) as pages from events group by session_id`, spark: "`array_agg(x order by …)`, which polyglot writes as collect_list(x), dropping the order" },
  { sql: sql`select cast(payload as json) as j from events`, spark: "a cast to JSON, which polyglot writes as to_json(x)" },
  { sql: sql`select strftime(occurred_at, '%A') as day from events`, spark: "whose codes %A polyglot leaves as they are", bigquery: "`strftime(ts, format)` of a timestamp, which polyglot writes as format_date" },
  { sql: sql`select strftime(cast(occurred_at as date), 'Week %V') as w from events`, spark: "whose codes %V" },
  { sql: sql`select list_sum(amounts) as total from orders`, spark: "`list_sum(…)` in its Spark SQL translation, which Spark SQL does not have", bigquery: "`list_sum(…)` in its BigQuery translation" },
  { sql: sql`select list_contains(tags, 'x') as tagged from orders`, bigquery: "`array_contains(…)` in its BigQuery translation, which BigQuery does not have" },
  { sql: sql`select split_part(path, '/', 2) as first from events`, bigquery: "`split_part(…)`" },
  { sql: sql`select md5(email) as h from customers`, bigquery: "`md5(…)` in its BigQuery translation, which returns BYTES in BigQuery (DuckDB: a hex string)" },
  { sql: sql`select hash(email) as h from customers`, spark: "`hash(…)` in its Spark SQL translation, which is Spark's Murmur3 hash", bigquery: "`hash(…)`" },
  { sql: sql`select session_id, min_by(device, occurred_at) as first_device from events group by session_id`, spark: "`arg_min/min_by(…), arg_max/max_by(…)`", bigquery: "`arg_min/min_by(…), arg_max/max_by(…)`" },
  { sql: sql`select session_id, bool_or(is_paid) as paid from orders group by session_id`, bigquery: "`bool_or(…)/bool_and(…)`, which polyglot does not translate to BigQuery. Fix: write count_if(x) > 0" },
  { sql: sql`select date_diff('day', ordered_at, now()) as age from orders`, bigquery: "`date_diff(part, start, end)`, which polyglot does not translate to BigQuery. Fix: BigQuery takes the part last and polyglot keeps DuckDB's order: give date_diff(end, start, DAY) in a per-engine override, sql.for({ bigquery: sql`…` })" },
  { sql: sql`select cast(timezone('UTC', ordered_at) as date) as day from orders`, spark: "`timezone(zone, ts)`, which polyglot does not translate to Spark SQL. Fix: write `ts at time zone 'zone'`", bigquery: "`timezone(zone, ts)`" },
  { sql: sql`select cast(local_time as timestamp) at time zone 'Europe/Berlin' as at from events`, spark: "of a TIMESTAMP without time zone, which DuckDB reads as a wall clock in the zone", bigquery: "of a TIMESTAMP without time zone" },
];

/** DuckDB SQL that polyglot translates faithfully: no problem, and it parses with the target's grammar. */
const FAITHFUL: readonly SqlTemplate[] = [
  sql`select epoch_ms(cast(ms as bigint)) as at from orders`,
  sql`select epoch_ms(1700000000000) as at`,
  sql`select i from unnest(generate_series(0, 4)) as u(i)`,
  sql`select regexp_matches(agent, '(?i)bot') as bot, name ilike '%mug%' as mug from events`,
  sql`select strftime(cast(occurred_at as date), '%Y-%m-%d') as day from events`,
  sql`select make_date(2024, 1, 2) as d, date_part('year', occurred_at) as y, cast(amount as int) as a, amount::varchar as s from orders`,
  sql`select string_split(path, '/') as parts, struct_pack(a := 1, b := path) as s from events`,
  sql`select count_if(is_paid) as paid, count(distinct case when is_paid then customer_id end) as payers from orders`,
  sql`select cast(ordered_at at time zone 'UTC' as date) as day from orders`,
  sql`select order_id from (select order_id, row_number() over (partition by order_id order by loaded_at desc) as version_rank from orders) as v where version_rank = 1`,
];

const render = (template: SqlTemplate, target: SqlTarget, sessionTimeZone?: string) =>
  renderForTarget(template, { target, ref: (r) => r.key, ...(sessionTimeZone === undefined ? {} : { sessionTimeZone }) }, { asset: "curated/probe" });

describe("DuckDB SQL that polyglot translates into SQL that parses but means another thing is reported with the fix", () => {
  for (const target of ["spark", "bigquery"] as const) {
    describe(target, () => {
      for (const c of MISTRANSLATED) {
        const text = c.sql.strings.join("?");
        const expected = c[target];
        it(`${expected === undefined ? "translates" : "reports"} ${text}`, async () => {
          const out = await render(c.sql, target);
          if (expected === undefined) {
            expect(out.problems).toEqual([]);
            return;
          }
          const messages = out.problems.map((p) => `${p.message}. Fix: ${p.fix}`);
          const hit = messages.find((m) => m.includes(expected));
          expect(hit, messages.join("\n")).toBeDefined();
          expect(hit).toMatch(/^its SQL uses /);
          expect(hit).toContain(`Fix: `);
          expect(hit).toMatch(new RegExp(`sql\\.for\\(\\{ ${target}: sql\`…\` \\}\\)$`));
        });
      }

      for (const template of FAITHFUL) {
        it(`translates ${template.strings.join("?")} without a problem`, async () => {
          const out = await render(template, target);
          expect(out.problems).toEqual([]);
          expect(out.text.length).toBeGreaterThan(0);
        });
      }
    });
  }

  it("reports each construct once, however often it is used", async () => {
    const out = await render(sql`select epoch_ms(a) as x, epoch_ms(b) as y, list_sum(l) as s, list_sum(m) as t from orders`, "spark");
    expect(out.problems.map((p) => p.message)).toEqual([
      "its SQL uses `epoch_ms(x)` of a timestamp, which polyglot writes as timestamp_millis(x): the inverse, milliseconds to a timestamp",
      "its SQL uses `list_sum(…)` in its Spark SQL translation, which Spark SQL does not have",
    ]);
  });

  it("ignores names in string literals and comments", async () => {
    const out = await render(sql`select 'list_sum(x)' as label -- md5(x), hash(y)
      from orders`, "bigquery");
    expect(out.problems).toEqual([]);
  });

  it("Spark: `at time zone` is faithful in a UTC session only, as polyglot writes from_utc_timestamp", async () => {
    const berlinDay = sql`select cast(ordered_at at time zone 'Europe/Berlin' as date) as day from orders`;
    expect((await render(berlinDay, "spark")).problems).toEqual([]);
    const inBerlin = await render(berlinDay, "spark", "Europe/Berlin");
    expect(inBerlin.problems.map((p) => `${p.message}. Fix: ${p.fix}`)).toEqual([
      "its SQL uses `ts at time zone 'zone'`, which polyglot writes as from_utc_timestamp(ts, zone) — a shifted instant, the zone's wall clock only in a UTC session — and Spark SQL runs this SQL in the session zone Europe/Berlin. Fix: take the day in Europe/Berlin with cast(ts as date), which DuckDB and Spark both read in the session zone, or give a per-engine override with sql.for({ spark: sql`…` })",
    ]);
    expect((await render(berlinDay, "bigquery", "Europe/Berlin")).problems).toEqual([]);
  });

  it("Spark: a TIMESTAMPTZ polyglot leaves in the output (in epoch_ms, in VALUES) is reported; elsewhere it becomes TIMESTAMP", async () => {
    const timestampTz = "its SQL uses `timestamptz`, which polyglot keeps here and Spark SQL does not have";
    const millis = await render(sql`select epoch_ms(cast(ordered_at as timestamptz)) as ms from orders`, "spark");
    expect(millis.text).toContain("TIMESTAMP_MILLIS(CAST(ordered_at AS TIMESTAMPTZ))");
    expect(millis.problems.map((p) => p.message)).toContain(timestampTz);
    const values = await render(sql`select * from (values (1, timestamptz '2024-01-01 04:30:00+00:00')) as t(id, at)`, "spark");
    expect(values.problems.map((p) => p.message)).toEqual([timestampTz]);
    const union = await render(sql`select 1 as id, timestamptz '2024-01-01 04:30:00+00:00' as at union all select 2, timestamptz '2024-01-02 04:30:00+00:00'`, "spark");
    expect(union.problems).toEqual([]);
    expect(union.text).toContain("CAST('2024-01-01 04:30:00+00:00' AS TIMESTAMP) AS at");
  });
});
