import type { LoadedFile } from "./records.ts";

/**
 * The landing files each source has loaded, so that reruns load the same files the same way.
 */
export interface IngestionLedger {
  /** Remembers loaded landing files; a file already known (same source, path, sha256) is kept as it was. */
  recordLoadedFiles(files: readonly LoadedFile[]): Promise<void>;
  /** The ledger entries of `source` for these files (matched on path and sha256). */
  loadedFiles(source: string, files: readonly { readonly path: string; readonly sha256: string }[]): Promise<LoadedFile[]>;
}
