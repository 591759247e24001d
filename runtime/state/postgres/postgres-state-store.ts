import { SqlStateStore } from "../sql-state-store.ts";
import { openPostgresConnection, type PostgresStateOptions } from "./open-postgres-connection.ts";
import { PostgresSql } from "./postgres-sql.ts";

/**
 * The shared state store: PostgreSQL, for several runtime instances on several machines.
 * Behaves exactly as the SQLite store: the same queries (`../queries/`), the same contract
 * suites. Transactions and locks are explained in `PostgresSql`; timestamps are stored as epoch
 * milliseconds and JSON as `json` (see `migrations.ts`).
 *
 * @example
 * const store = await PostgresStateStore.open("postgres://lakeform:secret@db:5432/lakeform");
 * const run = await store.createRun({ id: "r1", selection: "*", trigger: "manual", startedAt: new Date(), pid: process.pid, host: "local" });
 * await store.close();
 */
export class PostgresStateStore extends SqlStateStore {
  /** Connects to `url` (`postgres://user:password@host:5432/database`) and migrates the schema. */
  static async open(url: string, options: PostgresStateOptions = {}): Promise<PostgresStateStore> {
    return new PostgresStateStore(new PostgresSql(await openPostgresConnection(url, options)));
  }
}
