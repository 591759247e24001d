import { Pool, types, type PoolClient, type PoolConfig } from "pg";

/** A query parameter: text, numbers (bigint columns too), booleans, NULL, or an array for `= ANY($n)`. */
export type SqlValue = string | number | boolean | null | readonly (string | number)[];

/** Runs SQL with `$1, $2, …` parameters, on the pool (each statement on its own) or in a transaction. */
export interface SqlRunner {
  rows<R>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  row<R>(sql: string, params?: readonly SqlValue[]): Promise<R | undefined>;
  /** @returns how many rows the statement inserted, updated or deleted. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/**
 * `bigint` columns (ids, counts, millisecond timestamps) come back as numbers rather than the
 * driver's default strings. Exact: the store only writes safe integers (`toCount`, `toMillis`)
 * and identity ids stay far below 2^53. Set on this pool only, not globally on the driver.
 */
const bigintAsNumber = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === types.builtins.INT8 ? Number : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

function runner(target: Pool | PoolClient): SqlRunner {
  return {
    rows: async <R>(sql: string, params: readonly SqlValue[] = []) => (await target.query(sql, [...params])).rows as R[],
    row: async <R>(sql: string, params: readonly SqlValue[] = []) => (await target.query(sql, [...params])).rows[0] as R | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => (await target.query(sql, [...params])).rowCount ?? 0,
  };
}

/**
 * A small `pg.Pool` with read-committed write transactions. Reads run as single statements on
 * any pooled connection (each sees one consistent snapshot); `write` runs a function in one
 * transaction on one connection, committing if it returns and rolling back if it throws.
 */
export class PostgresConnection implements SqlRunner {
  readonly #pool: Pool;
  readonly #direct: SqlRunner;
  #ended = false;

  constructor(config: PoolConfig) {
    this.#pool = new Pool({ ...config, types: bigintAsNumber });
    // An idle connection that breaks (e.g. the server restarts) emits "error" on the pool, which
    // would crash the process without a listener. The pool drops it; the next query reconnects.
    this.#pool.on("error", () => {});
    this.#direct = runner(this.#pool);
  }

  rows<R>(sql: string, params?: readonly SqlValue[]): Promise<R[]> {
    return this.#direct.rows<R>(sql, params);
  }

  row<R>(sql: string, params?: readonly SqlValue[]): Promise<R | undefined> {
    return this.#direct.row<R>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#direct.run(sql, params);
  }

  /** Runs `fn` in a `BEGIN … COMMIT` transaction; it commits if `fn` resolves, rolls back if it rejects. */
  async write<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await fn(runner(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      // A connection that cannot even roll back is discarded rather than returned to the pool.
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Closes every pooled connection; calling it again does nothing. */
  async end(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#pool.end();
  }
}
