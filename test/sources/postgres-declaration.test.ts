import { describe, expect, it } from "vitest";
import { col, daily, env, postgres, source } from "lakeform";
import { problemsOf } from "../support/problems.ts";

const columns = { id: col.int64(), status: col.string(), updated_at: col.timestamp() };
const connection = env("APP_DATABASE_URL");

describe("a PostgreSQL source is declared so it can run", () => {
  it("accepts an incremental table with a lookback, a snapshot and a query", () => {
    expect(
      problemsOf([
        source("raw/orders", { owners: ["team:shop"], from: postgres({ connection, table: "public.orders", cursor: "updated_at", lookback: "10m" }), columns }),
        source("raw/products", { owners: ["team:shop"], from: postgres({ connection, table: "products" }), columns: { id: col.int64().primaryKey(), name: col.string() } }),
        source("raw/paid", { owners: ["team:shop"], from: postgres({ connection, query: "select id, status, updated_at from orders where status = 'paid'", cursor: "id" }), columns }),
      ]),
    ).toEqual([]);
    expect(postgres({ connection, table: "products" }).mode).toBe("snapshot");
    expect(postgres({ connection, table: "orders", cursor: "id" }).mode).toBe("incremental");
  });

  it("reports every problem of a declaration at once, each with its fix", () => {
    const bad = source("raw/orders", {
      owners: ["team:shop"],
      from: postgres({ connection: env("app-url"), table: "orders; drop table x", query: "delete from orders", mode: "incremental", lookback: "soon" as "1h", softDelete: "deleted_at", batchRows: 0 }),
      columns: { ...columns, id: col.int64().primaryKey() },
      partitions: daily({ start: "2024-01-01", timezone: "UTC" }),
    });
    expect(problemsOf([bad])).toEqual([
      'Asset "raw/orders": a PostgreSQL source reads exactly one of table and query. Fix: name a table (table: "public.orders") or write a query (query: "select …"), not both.',
      'Asset "raw/orders": table "orders; drop table x" is not a table name. Fix: write it as "schema.table" or "table", e.g. "public.orders".',
      'Asset "raw/orders": the query is not a SELECT. Fix: write one SELECT (or WITH … SELECT) statement, without a trailing semicolon.',
      'Asset "raw/orders": the connection URL must come from an environment secret. Fix: write connection: env("APP_DATABASE_URL") and set that variable where the runtime runs.',
      'Asset "raw/orders": an incremental PostgreSQL source needs a cursor column. Fix: name a column that grows with every change, e.g. cursor: "updated_at", or use mode: "snapshot".',
      'Asset "raw/orders": its softDelete column "deleted_at" is not declared. Fix: declare "deleted_at" in columns (it lands with the rows).',
      'Asset "raw/orders": lookback "soon" is not a duration. Fix: write it like "10m", "1h" or "1d".',
      'Asset "raw/orders": batchRows 0 is not a whole number from 1 to 1000000. Fix: leave it out (10000) or pick a size that bounds memory.',
      'Asset "raw/orders": an incremental source keeps every change of a row, so its primary key ("id") repeats in raw. Fix: remove primaryKey() here and declare it on the clean asset that keeps each row\'s newest version.',
      'Asset "raw/orders": a PostgreSQL source is not partitioned: each run extracts what is new. Fix: remove partitions; partition the tiers downstream.',
    ]);
  });

  it("needs a timestamp cursor for a lookback, and no cursor for a snapshot", () => {
    expect(problemsOf([source("raw/a", { owners: ["team:shop"], from: postgres({ connection, table: "a", cursor: "id", lookback: "1h" }), columns })])).toEqual([
      'Asset "raw/a": a lookback needs a timestamp cursor, and "id" is int64. Fix: remove lookback, or use a timestamp cursor such as "updated_at".',
    ]);
    expect(problemsOf([source("raw/b", { owners: ["team:shop"], from: postgres({ connection, table: "b", mode: "snapshot", cursor: "id" }), columns })])).toEqual([
      'Asset "raw/b": a snapshot reads the whole table, so it has no cursor or lookback. Fix: remove cursor and lookback, or use mode: "incremental".',
    ]);
  });
});
