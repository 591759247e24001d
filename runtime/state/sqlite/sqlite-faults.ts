import { existsSync, statSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import { StateStoreError, unreadableStateStoreError } from "../state-errors.ts";

/** The SQLite result code of a better-sqlite3 error (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`, …). */
export function sqliteCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
}

/** Whether `code` says the file is not (or no longer) a database: overwritten, truncated, corrupted. */
export function isUnreadableCode(code: string | undefined): boolean {
  return code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT" || (code?.startsWith("SQLITE_CORRUPT_") ?? false);
}

/**
 * The error to show for a fault of the machine under the SQLite state store at `path` — a file
 * that is not a database, a full disk, an I/O error, a file that cannot be opened or written —
 * naming the file and the way out; `undefined` for any other error (a constraint, a bug), which
 * callers rethrow as it is. Raised by any query, not only at open: a truncated file can open
 * fine and fail on the first page it lacks.
 */
export function sqliteFaultError(path: string, error: unknown): StateStoreError | undefined {
  const code = sqliteCode(error);
  if (code === undefined) return undefined;
  const reason = (error as Error).message;
  const options = { cause: error };
  if (isUnreadableCode(code)) return new StateStoreError(unreadableStateStoreError(path, reason).message, options);
  if (code === "SQLITE_FULL" || (code.startsWith("SQLITE_IOERR") && diskIsFull(dirname(path)))) {
    return new StateStoreError(
      `The state store ${path} cannot be written: the disk is full (${reason}). Fix: free space on the disk that holds ${dirname(path)}, then run again; a run cut short by this is recorded failed by the next run.`,
      options,
    );
  }
  if (code.startsWith("SQLITE_IOERR")) {
    return new StateStoreError(`The state store ${path} could not be read or written: disk I/O error (${code}). Fix: check the disk that holds it (space, permissions, health), then run again.`, options);
  }
  if (code === "SQLITE_CANTOPEN" || code.startsWith("SQLITE_CANTOPEN_")) return cannotOpenStateStoreError(path, error);
  if (code.startsWith("SQLITE_READONLY")) {
    return new StateStoreError(`The state store ${path} cannot be written (${reason}). Fix: make the file, its -wal and -shm files and its folder writable by this user.`, options);
  }
  return undefined;
}

/** Bytes under which a disk counts as full: SQLite cannot grow its journal or shared memory. */
const FULL_BELOW_BYTES = 256 * 1024;

/** Whether the file system holding `folder` has (almost) no space left; false when unknown. */
export function diskIsFull(folder: string): boolean {
  try {
    const fs = statfsSync(folder);
    return fs.bavail * fs.bsize < FULL_BELOW_BYTES;
  } catch {
    return false;
  }
}

/** A state store file that cannot be opened: a directory in its place, no permission, no folder. */
export function cannotOpenStateStoreError(path: string, error: unknown): StateStoreError {
  const reason = error instanceof Error ? error.message : String(error);
  if (existsSync(path) && statSync(path).isDirectory()) {
    return new StateStoreError(
      `The state store ${path} is a directory, not a database file. Fix: move that directory away (or restore the state.db file from a backup), then run again; with no file there a new, empty store is created.`,
      { cause: error },
    );
  }
  return new StateStoreError(`Cannot open the state store ${path}: ${reason}. Fix: check that the file and its folder are readable and writable by this user.`, { cause: error });
}
