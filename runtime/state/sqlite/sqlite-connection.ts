import type Database from "better-sqlite3";
import { sqliteFaultError } from "./sqlite-faults.ts";

/**
 * A better-sqlite3 connection with cached prepared statements and `BEGIN IMMEDIATE` write
 * transactions, so that every write waits for other writers (up to the busy timeout) instead of
 * failing when it upgrades from reading to writing.
 *
 * A fault of the machine under the database (not a database any more, disk full, I/O error) is
 * thrown as a StateStoreError naming the file and the way out, whichever query meets it.
 */
export class SqliteConnection {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction; it commits if `fn` returns, rolls back if it throws. */
  write<T>(fn: () => T): T {
    return this.#guard(() => this.#db.transaction(fn).immediate());
  }

  all<R>(sql: string, ...params: unknown[]): R[] {
    return this.#guard(() => this.#statement(sql).all(...params) as R[]);
  }

  get<R>(sql: string, ...params: unknown[]): R | undefined {
    return this.#guard(() => this.#statement(sql).get(...params) as R | undefined);
  }

  run(sql: string, ...params: unknown[]): Database.RunResult {
    return this.#guard(() => this.#statement(sql).run(...params));
  }

  #guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw sqliteFaultError(this.#db.name, error) ?? error;
    }
  }

  close(): void {
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
