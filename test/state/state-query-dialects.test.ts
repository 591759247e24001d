import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { PostgresConnection } from "../../runtime/state/postgres/postgres-connection.ts";
import { PostgresSql } from "../../runtime/state/postgres/postgres-sql.ts";
import { preparedQuery } from "../../runtime/state/queries/prepared-query.ts";
import type { StateSql } from "../../runtime/state/queries/state-sql.ts";
import { SqliteConnection } from "../../runtime/state/sqlite/sqlite-connection.ts";
import { SqliteSql } from "../../runtime/state/sqlite/sqlite-sql.ts";

/** Both backends' seams; building queries never touches their connections (the pool connects lazily). */
function backends(): { sqlite: StateSql; postgres: StateSql } {
  return {
    sqlite: new SqliteSql(new SqliteConnection(new Database(":memory:"))),
    postgres: new PostgresSql(new PostgresConnection({ connectionString: "postgres://nobody@127.0.0.1:9/none" })),
  };
}

const lockedRuns = (s: StateSql, ids: readonly string[]) => s.lockRows(s.db.selectFrom("runs").select("id").where("id", "in", s.list(ids, "text")), "update");

describe("the state queries in each dialect", () => {
  it("binds a list as one parameter, whatever its length: JSON for SQLite, an array for PostgreSQL", async () => {
    const { sqlite, postgres } = backends();
    expect(lockedRuns(sqlite, ["a", "b", "c"]).compile()).toMatchObject({
      sql: 'select "id" from "runs" where "id" in (SELECT value FROM json_each(?))',
      parameters: ['["a","b","c"]'],
    });
    expect(lockedRuns(postgres, ["a", "b", "c"]).compile()).toMatchObject({
      sql: 'select "id" from "runs" where "id" in (SELECT unnest($1::text[]) AS value) for no key update',
      parameters: [["a", "b", "c"]],
    });
    await Promise.all([sqlite.close(), postgres.close()]);
  });

  it("locks rows on PostgreSQL only (SQLite's write transaction holds the whole database)", async () => {
    const { sqlite, postgres } = backends();
    const query = (s: StateSql, mode: "update" | "delete" | "share") => s.lockRows(s.db.selectFrom("published").selectAll(), mode).compile().sql;
    expect(["update", "delete", "share"].map((mode) => query(sqlite, mode as "update"))).toEqual(Array(3).fill('select * from "published"'));
    expect(["update", "delete", "share"].map((mode) => query(postgres, mode as "update"))).toEqual([
      'select * from "published" for no key update',
      'select * from "published" for update',
      'select * from "published" for share',
    ]);
    await Promise.all([sqlite.close(), postgres.close()]);
  });

  it("runs a prepared query as the same SQL as a freshly built one, with the call's values", async () => {
    const { sqlite, postgres } = backends();
    const byHost = preparedQuery((s, v: { host: string; since: number; limit: number }) =>
      s.db.selectFrom("runs").select("id").where("host", "=", v.host).where("started_at", ">=", v.since).where("status", "=", "running").limit(v.limit),
    );
    for (const s of [sqlite, postgres]) {
      const fresh = s.db.selectFrom("runs").select("id").where("host", "=", "h1").where("started_at", ">=", 5).where("status", "=", "running").limit(3).compile();
      expect(byHost(s, { host: "h0", since: 1, limit: 1 }).compile().parameters).toEqual(["h0", 1, "running", 1]);
      expect(byHost(s, { host: "h1", since: 5, limit: 3 }).compile()).toMatchObject({ sql: fresh.sql, parameters: fresh.parameters });
    }
    await Promise.all([sqlite.close(), postgres.close()]);
  });
});
