import Database from "better-sqlite3";
import { applyMigrations } from "./migrations.ts";

/** How long a connection waits for another process's write transaction before giving up. */
export const busyTimeoutMs = 10_000;

/**
 * Opens (creating if needed) a SQLite state database set up for several processes at once:
 * WAL journal (readers never block the writer), `busy_timeout` so writers queue instead of
 * failing, `synchronous = NORMAL` (durable at checkpoints, safe against corruption) and foreign
 * keys on; then applies pending schema migrations.
 */
export function openSqliteDatabase(path: string): Database.Database {
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    applyMigrations(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
