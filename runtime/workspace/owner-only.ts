import { chmodSync, existsSync, mkdirSync } from "node:fs";

/** Folders Lakeform creates in a workspace: the owner only, whatever the umask. */
export const OWNER_ONLY_DIR = 0o700;
/** Files Lakeform creates in a workspace (state, data, logs): the owner only, whatever the umask. */
export const OWNER_ONLY_FILE = 0o600;

/**
 * Creates `dir` (and missing parents) readable by its owner only, and narrows it to that if it
 * exists with wider permissions: workspace files hold data, PII hashes and run history.
 */
export function ensureOwnerOnlyDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  chmodSync(dir, OWNER_ONLY_DIR);
}

/** Narrows the files that exist among `paths` to their owner (SQLite and DuckDB create files 0644 less the umask). */
export function makeOwnerOnly(...paths: readonly string[]): void {
  for (const path of paths) if (existsSync(path)) chmodSync(path, OWNER_ONLY_FILE);
}
