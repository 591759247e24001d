import { dirname } from "node:path";
import { LakeformError } from "../core/errors.ts";

/** How a full disk shows in errors: Node's ENOSPC, the OS message DuckDB and SQLite pass on. */
const DISK_FULL = /ENOSPC|No space left on device|disk is full|database or disk is full/i;

/** Whether `error` (or its cause) says the disk is full. */
export function isDiskFull(error: unknown): boolean {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    if ((e as { code?: unknown }).code === "ENOSPC" || (e as { code?: unknown }).code === "SQLITE_FULL") return true;
    if (DISK_FULL.test(e instanceof Error ? e.message : String(e))) return true;
  }
  return false;
}

/** The file a disk-full error names (`Could not write file "…"`, Node's `…, open '…'`), if any. */
function pathIn(error: unknown): string | undefined {
  const path = (error as { path?: unknown }).path;
  if (typeof path === "string") return path;
  const message = error instanceof Error ? error.message : String(error);
  return /(?:file|write|open|directory) ["']([^"']+)["']/i.exec(message)?.[1];
}

/**
 * The error to record and show when `asset` could not be written because the disk is full:
 * it says so, names the file (the one the error names, else `fallbackPath`) and how to get out —
 * never a fix about the data, which is not at fault. `undefined` when the disk is not full.
 *
 * @example
 * throw diskFullError("raw/events", error, outputPath) ?? error;
 */
export function diskFullError(asset: string, error: unknown, fallbackPath: string | undefined): LakeformError | undefined {
  if (!isDiskFull(error)) return undefined;
  const path = pathIn(error) ?? fallbackPath;
  const where = path === undefined ? "" : ` writing ${path}`;
  const disk = path === undefined ? "the disk of the workspace" : `the disk that holds ${dirname(path)}`;
  return new LakeformError(
    `Asset "${asset}": the disk is full${where} (No space left on device); nothing was published and the previous version stays visible. Fix: free space on ${disk} (\`lakeform gc\` deletes old history and unpublished files), then run again.`,
    { cause: error },
  );
}

/**
 * A full disk met outside any asset (creating the workspace, writing a log): the error to show
 * instead of a stack trace; `undefined` when the disk is not full or `error` is already meant for people.
 */
export function commandDiskFullError(error: unknown): LakeformError | undefined {
  if (error instanceof LakeformError || !isDiskFull(error)) return undefined;
  const path = pathIn(error);
  return new LakeformError(
    `The disk is full${path === undefined ? "" : ` writing ${path}`} (${error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error)}). Fix: free space on ${path === undefined ? "the disk of the workspace" : `the disk that holds ${dirname(path)}`}, then run again.`,
    { cause: error },
  );
}
