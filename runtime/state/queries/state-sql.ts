import type { Compilable, Kysely, RawBuilder, SelectQueryBuilder } from "kysely";
import type { StateDatabase } from "./state-database.ts";

/** Runs queries built with Kysely: on the backend's connection, or inside one write transaction. */
export interface SqlExecutor {
  rows<R>(query: Compilable<R>): Promise<R[]>;
  first<R>(query: Compilable<R>): Promise<R | undefined>;
  /** @returns how many rows the statement inserted, updated or deleted. */
  run(query: Compilable<unknown>): Promise<number>;
}

/**
 * The seam between the state queries (written once, in `queries/`) and a backend. A backend
 * gives the Kysely builder of its dialect (it builds queries; the backend runs them on its own
 * connection), its write transaction, and the few statements that differ:
 *
 * - SQLite (`sqlite/sqlite-sql.ts`): one connection, `BEGIN IMMEDIATE` transactions (the write
 *   lock up front, so concurrent writers queue), no row locks.
 * - PostgreSQL (`postgres/postgres-sql.ts`): a pool, read-committed transactions with row locks
 *   (`FOR NO KEY UPDATE`, `FOR SHARE`) and a transaction-scoped advisory lock per claimed partition.
 */
export interface StateSql extends SqlExecutor {
  readonly kind: "sqlite" | "postgres";
  /** The query builder of this backend's dialect. It only builds: executing goes through this seam. */
  readonly db: Kysely<StateDatabase>;
  /** Runs `fn` in one write transaction: it commits if `fn` resolves, rolls back if it rejects. */
  write<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** The values as a one-column (`value`) subquery (`x IN <list>`), one parameter however many values there are. */
  list<V extends string | number>(values: readonly V[], type: "text" | "bigint"): RawBuilder<V>;
  /** The one parameter {@link list} binds for `values`: for a `preparedQuery`, with {@link listOf}. */
  listParameter(values: readonly (string | number)[]): unknown;
  /** {@link list} over a parameter made by {@link listParameter}. */
  listOf<V extends string | number>(parameter: unknown, type: "text" | "bigint"): RawBuilder<V>;
  /**
   * Locks the selected rows until the transaction ends: `update` for rows the transaction will
   * change (`FOR NO KEY UPDATE`), `delete` for rows it will delete (`FOR UPDATE`), `share` for
   * rows it relies on. Nothing on SQLite, whose write transaction holds the
   * database.
   */
  lockRows<O>(query: SelectQueryBuilder<StateDatabase, keyof StateDatabase, O>, mode: "update" | "delete" | "share"): SelectQueryBuilder<StateDatabase, keyof StateDatabase, O>;
  /** Serialises claims on one (asset, partition) inside the write transaction `tx`. */
  lockPartition(tx: SqlExecutor, asset: string, partition: string): Promise<void>;
  /** Free text (reasons, messages) as the backend can keep it (PostgreSQL `text` cannot hold U+0000). */
  storedText(text: string): string;
  /** The column that orders runs by insertion, for runs started at the same millisecond. */
  readonly runInsertionOrder: "rowid" | "seq";
  close(): Promise<void>;
}
