import { existsSync, renameSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { StateStoreError, unreadableStateStoreError } from "../state-errors.ts";
import { cannotOpenStateStoreError, isUnreadableCode, sqliteCode, sqliteFaultError } from "./sqlite-faults.ts";
import type { NewStoreNotice, OnNewStore } from "../new-store-notice.ts";
import { applyMigrations } from "./migrations.ts";
import { makeOwnerOnly } from "../../workspace/owner-only.ts";

/** How long a connection waits for another process's write transaction before giving up. */
export const busyTimeoutMs = 10_000;

/** Options of {@link openSqliteDatabase}. */
export interface SqliteOpenOptions {
  /**
   * Called before the schema is created in a file that holds no state (missing, zero-length, or
   * without Lakeform tables); may throw to refuse, and then nothing is created.
   * @default unset: a new database is created silently
   */
  readonly onNewStore?: OnNewStore | undefined;
  /**
   * Moves a file that is not a readable SQLite database aside (to `<path>.unreadable-<time>`)
   * and starts a new one, instead of refusing to open it.
   * @default false
   */
  readonly replaceUnreadable?: boolean | undefined;
}

/**
 * Whether the file at `path` holds Lakeform state, looking without writing. `thorough` also reads
 * every page (`PRAGMA quick_check`), to find damage that opening alone does not meet.
 */
function probe(path: string, thorough: boolean): { kind: "state" } | { kind: "new"; condition: NewStoreNotice["condition"] } | { kind: "unreadable"; reason: string } {
  if (!existsSync(path)) return { kind: "new", condition: "is missing" };
  if (statSync(path).isDirectory()) return { kind: "state" }; // the real open reports it
  if (statSync(path).size === 0 && !existsSync(`${path}-wal`)) return { kind: "new", condition: "is empty" };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    const found = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (found === undefined) return { kind: "new", condition: "has no Lakeform tables" };
    const check = thorough ? db.pragma("quick_check(1)", { simple: true }) : "ok";
    return check === "ok" ? { kind: "state" } : { kind: "unreadable", reason: `database disk image is malformed (${String(check)})` };
  } catch (error) {
    if (isUnreadableCode(sqliteCode(error))) return { kind: "unreadable", reason: (error as Error).message };
    // Anything else (busy, permissions) is not a verdict on the contents: the real open reports it.
    return { kind: "state" };
  } finally {
    db?.close();
  }
}

/** Runs `work` again while SQLite says the database is busy, for at most the busy timeout. */
function untilNotBusy<T>(work: () => T): T {
  const deadline = Date.now() + busyTimeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return work();
    } catch (error) {
      const code = sqliteCode(error);
      if ((code !== "SQLITE_BUSY" && code !== "SQLITE_LOCKED") || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

function cannotOpen(path: string, error: unknown): StateStoreError {
  return sqliteFaultError(path, error) ?? cannotOpenStateStoreError(path, error);
}

function moveAside(path: string): string {
  const to = `${path}.unreadable-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  renameSync(path, to);
  for (const suffix of ["-wal", "-shm"]) if (existsSync(`${path}${suffix}`)) renameSync(`${path}${suffix}`, `${to}${suffix}`);
  return to;
}

/**
 * Opens (creating if needed) a SQLite state database set up for several processes at once:
 * WAL journal (readers never block the writer), `busy_timeout` so writers queue instead of
 * failing, `synchronous = NORMAL` (durable at checkpoints, safe against corruption) and foreign
 * keys on; then applies pending schema migrations.
 *
 * A file that is not a SQLite database is refused with its path (or moved aside with
 * `replaceUnreadable`); a file without state is reported to `onNewStore` before anything is created.
 * @throws StateStoreError naming the file and the fix.
 */
export function openSqliteDatabase(path: string, options: SqliteOpenOptions = {}): Database.Database {
  if (path !== ":memory:" && path !== "") {
    const found = probe(path, options.replaceUnreadable === true);
    let replaced: string | undefined;
    if (found.kind === "unreadable") {
      if (options.replaceUnreadable !== true) throw unreadableStateStoreError(path, found.reason);
      replaced = moveAside(path);
    }
    if (found.kind !== "state") {
      options.onNewStore?.({ location: path, condition: found.kind === "new" ? found.condition : "is missing", ...(replaced === undefined ? {} : { replaced }) });
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
    // Owner-only whatever the umask; SQLite gives the -wal and -shm files it creates later the
    // database file's permissions, and existing ones are narrowed here.
    if (path !== ":memory:" && path !== "") makeOwnerOnly(path, `${path}-wal`, `${path}-shm`);
  } catch (error) {
    throw cannotOpen(path, error);
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Switching a new file to WAL takes an exclusive lock and SQLite answers SQLITE_BUSY at once,
    // without its busy handler, when another process opens the same file at that moment: wait
    // and try again (bounded by the busy timeout), as the busy handler would.
    untilNotBusy(() => db.pragma("journal_mode = WAL"));
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    untilNotBusy(() => applyMigrations(db));
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StateStoreError) throw error;
    throw isUnreadableCode(sqliteCode(error)) ? unreadableStateStoreError(path, (error as Error).message) : cannotOpen(path, error);
  }
}
