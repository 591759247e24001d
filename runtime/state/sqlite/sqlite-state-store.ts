import { SqlStateStore } from "../sql-state-store.ts";
import { openSqliteDatabase, type SqliteOpenOptions } from "./open-sqlite-database.ts";
import { SqliteConnection } from "./sqlite-connection.ts";
import { SqliteSql } from "./sqlite-sql.ts";

/**
 * The embedded state store: one SQLite file shared by every process on the machine.
 *
 * Every multi-statement write runs in a `BEGIN IMMEDIATE` transaction, so concurrent writers
 * from several processes queue (up to the busy timeout) instead of failing; readers never block
 * (WAL). The queries are the shared ones of `../queries/` (see `SqliteSql`).
 *
 * @example
 * const store = SqliteStateStore.open(".lakeform/state.db");
 * const run = await store.createRun({ id: "r1", selection: "*", trigger: "manual", startedAt: new Date(), pid: process.pid, host: "local" });
 * await store.close();
 */
export class SqliteStateStore extends SqlStateStore {
  /** Opens or creates the database at `path` (`":memory:"` for a private in-memory one) and migrates it. */
  static open(path: string, options: SqliteOpenOptions = {}): SqliteStateStore {
    return new SqliteStateStore(new SqliteSql(new SqliteConnection(openSqliteDatabase(path, options))));
  }
}
