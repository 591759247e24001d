import { resolve } from "node:path";
import type Database from "better-sqlite3";
import { WriteLock } from "./write-lock.ts";
import { sqliteFaultError } from "./sqlite-faults.ts";

/** One write lock per database file in this process, shared by its connections. */
const fileLocks = new Map<string, { readonly lock: WriteLock; users: number }>();

/**
 * A better-sqlite3 connection with cached prepared statements and `BEGIN IMMEDIATE` write
 * transactions, so that every write waits for other writers (up to the busy timeout) instead of
 * failing when it upgrades from reading to writing.
 *
 * A transaction's body is asynchronous (the queries are written once for both backends), so
 * within this process the write transactions on one file take turns through a {@link WriteLock}
 * — another connection's `BEGIN IMMEDIATE` would otherwise wait synchronously for a lock that
 * only this thread can release — and a statement outside a transaction waits for the
 * transaction in progress, so it never sees it half done. Other processes queue on SQLite's own
 * lock (the busy timeout).
 *
 * A fault of the machine under the database (not a database any more, disk full, I/O error) is
 * thrown as a StateStoreError naming the file and the way out, whichever query meets it.
 */
export class SqliteConnection {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #lockKey: string | undefined;
  readonly #lock: WriteLock;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#lockKey = db.memory ? undefined : resolve(db.name);
    if (this.#lockKey === undefined) {
      this.#lock = new WriteLock();
    } else {
      const shared = fileLocks.get(this.#lockKey) ?? { lock: new WriteLock(), users: 0 };
      shared.users++;
      fileLocks.set(this.#lockKey, shared);
      this.#lock = shared.lock;
    }
  }

  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction; it commits if `fn` resolves, rolls back if it rejects. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.#lock.hold(async () => {
      this.run("BEGIN IMMEDIATE");
      try {
        const result = await fn();
        this.run("COMMIT");
        return result;
      } catch (error) {
        if (this.#db.open && this.#db.inTransaction) this.#guard(() => this.#db.exec("ROLLBACK"));
        throw error;
      }
    });
  }

  /** Runs `fn` (statements outside a transaction) now, or after the write transaction in progress. */
  async outside<T>(fn: () => T): Promise<T> {
    return this.#lock.busy ? this.#lock.hold(async () => fn()) : fn();
  }

  all<R>(sql: string, params: readonly unknown[] = []): R[] {
    return this.#guard(() => this.#statement(sql).all(...params) as R[]);
  }

  get<R>(sql: string, params: readonly unknown[] = []): R | undefined {
    return this.#guard(() => this.#statement(sql).get(...params) as R | undefined);
  }

  run(sql: string, params: readonly unknown[] = []): number {
    return this.#guard(() => this.#statement(sql).run(...params).changes);
  }

  #guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw sqliteFaultError(this.#db.name, error) ?? error;
    }
  }

  close(): void {
    if (this.#lockKey !== undefined) {
      const shared = fileLocks.get(this.#lockKey);
      if (shared !== undefined && --shared.users <= 0) fileLocks.delete(this.#lockKey);
    }
    if (this.#db.open) this.#db.close();
  }

  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
