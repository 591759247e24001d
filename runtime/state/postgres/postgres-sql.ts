import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type Compilable, type SelectQueryBuilder } from "kysely";
import type { StateDatabase } from "../queries/state-database.ts";
import type { SqlExecutor, StateSql } from "../queries/state-sql.ts";
import type { PostgresConnection, SqlRunner, SqlValue } from "./postgres-connection.ts";
import { toStoredText } from "./postgres-values.ts";

/** Kysely's PostgreSQL dialect, for building queries only: they run on the store's own pool. */
const builder = new Kysely<StateDatabase>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function executorOf(runner: SqlRunner): SqlExecutor {
  return {
    rows: <R>(q: Compilable<R>) => {
      const c = q.compile();
      return runner.rows<R>(c.sql, c.parameters as readonly SqlValue[]);
    },
    first: <R>(q: Compilable<R>) => {
      const c = q.compile();
      return runner.row<R>(c.sql, c.parameters as readonly SqlValue[]);
    },
    run: (q: Compilable<unknown>) => {
      const c = q.compile();
      return runner.run(c.sql, c.parameters as readonly SqlValue[]);
    },
  };
}

/**
 * The PostgreSQL side of the state query layer: the queries of `queries/` built with Kysely's
 * PostgreSQL dialect and run on a small `pg` pool. Reads are single statements on any pooled
 * connection; writes are read-committed transactions that lock what they check (`FOR NO KEY
 * UPDATE` / `FOR SHARE`) or rely on `INSERT … ON CONFLICT`, so concurrent processes cannot
 * interleave between a check and the write it guards; claims take a transaction-scoped advisory
 * lock on their (asset, partition); publishing locks in the order `publish-versions.ts` gives.
 */
export class PostgresSql implements StateSql {
  readonly kind = "postgres";
  readonly db = builder;
  readonly runInsertionOrder = "seq";
  readonly #connection: PostgresConnection;
  readonly #direct: SqlExecutor;

  constructor(connection: PostgresConnection) {
    this.#connection = connection;
    this.#direct = executorOf(connection);
  }

  rows<R>(query: Compilable<R>): Promise<R[]> {
    return this.#direct.rows(query);
  }

  first<R>(query: Compilable<R>): Promise<R | undefined> {
    return this.#direct.first(query);
  }

  run(query: Compilable<unknown>): Promise<number> {
    return this.#direct.run(query);
  }

  write<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#connection.write((tx) => fn(executorOf(tx)));
  }

  list<V extends string | number>(values: readonly V[], type: "text" | "bigint") {
    return this.listOf<V>(this.listParameter(values), type);
  }

  listParameter(values: readonly (string | number)[]): readonly (string | number)[] {
    return values;
  }

  listOf<V extends string | number>(parameter: unknown, type: "text" | "bigint") {
    return sql<V>`(SELECT unnest(${sql.val(parameter)}::${sql.raw(type)}[]) AS value)`;
  }

  lockRows<O>(query: SelectQueryBuilder<StateDatabase, keyof StateDatabase, O>, mode: "update" | "delete" | "share") {
    return mode === "update" ? query.forNoKeyUpdate() : mode === "delete" ? query.forUpdate() : query.forShare();
  }

  async lockPartition(tx: SqlExecutor, asset: string, partition: string): Promise<void> {
    const lock = sql`SELECT pg_advisory_xact_lock(hashtextextended(${asset} || '/' || ${partition}, 0))`;
    await tx.run({ compile: () => lock.compile(builder) });
  }

  storedText(text: string): string {
    return toStoredText(text);
  }

  close(): Promise<void> {
    return this.#connection.end();
  }
}
