import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql, type Compilable, type CompiledQuery } from "kysely";
import type { StateDatabase } from "../queries/state-database.ts";
import type { SqlExecutor, StateSql } from "../queries/state-sql.ts";
import type { SqliteConnection } from "./sqlite-connection.ts";

/** Kysely's SQLite dialect, for building queries only: they run on the store's own connection. */
const builder = new Kysely<StateDatabase>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/** better-sqlite3 binds numbers, text, NULL and buffers: booleans become 1 and 0. */
function parameters(query: CompiledQuery): unknown[] {
  return query.parameters.map((value) => (typeof value === "boolean" ? (value ? 1 : 0) : value));
}

/** Runs compiled queries on the connection, synchronously: used inside a transaction, or once it is safe to (`outside`). */
function executorOf(db: SqliteConnection): { all: <R>(q: Compilable<R>) => R[]; get: <R>(q: Compilable<R>) => R | undefined; run: (q: Compilable<unknown>) => number } {
  return {
    all: <R>(q: Compilable<R>) => {
      const c = q.compile();
      return db.all<R>(c.sql, parameters(c));
    },
    get: <R>(q: Compilable<R>) => {
      const c = q.compile();
      return db.get<R>(c.sql, parameters(c));
    },
    run: (q: Compilable<unknown>) => {
      const c = q.compile();
      return db.run(c.sql, parameters(c));
    },
  };
}

/**
 * The SQLite side of the state query layer: the queries of `queries/` built with Kysely's SQLite
 * dialect and run on one better-sqlite3 connection (prepared statements cached by their text,
 * faults of the machine named by `sqlite-faults.ts`); writes in `BEGIN IMMEDIATE` transactions.
 */
export class SqliteSql implements StateSql {
  readonly kind = "sqlite";
  readonly db = builder;
  readonly runInsertionOrder = "rowid";
  readonly #connection: SqliteConnection;
  readonly #direct: ReturnType<typeof executorOf>;
  readonly #tx: SqlExecutor;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
    const direct = executorOf(connection);
    this.#direct = direct;
    this.#tx = { rows: async (q) => direct.all(q), first: async (q) => direct.get(q), run: async (q) => direct.run(q) };
  }

  rows<R>(query: Compilable<R>): Promise<R[]> {
    return this.#connection.outside(() => this.#direct.all(query));
  }

  first<R>(query: Compilable<R>): Promise<R | undefined> {
    return this.#connection.outside(() => this.#direct.get(query));
  }

  run(query: Compilable<unknown>): Promise<number> {
    return this.#connection.outside(() => this.#direct.run(query));
  }

  write<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#connection.transaction(() => fn(this.#tx));
  }

  list<V extends string | number>(values: readonly V[]) {
    return this.listOf<V>(this.listParameter(values));
  }

  listParameter(values: readonly (string | number)[]): string {
    return JSON.stringify(values);
  }

  listOf<V extends string | number>(parameter: unknown) {
    return sql<V>`(SELECT value FROM json_each(${parameter}))`;
  }

  lockRows<Q>(query: Q): Q {
    return query;
  }

  async lockPartition(): Promise<void> {
    // The write transaction holds the whole database already.
  }

  storedText(text: string): string {
    return text;
  }

  async close(): Promise<void> {
    this.#connection.close();
  }
}
