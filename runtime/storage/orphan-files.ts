import { TIERS } from "../core/declare/asset.ts";
import type { ObjectStore } from "./object-store.ts";

/** What the state store accounts for: the files rows list, and the versions being written now. */
export interface FilesInUse {
  /** Every file some materialisation lists (published, superseded, blocked, waiting, …). */
  readonly recorded: ReadonlySet<string>;
  /** Versions of materialisations still running in a live run: their files are being written. */
  readonly runningVersions: ReadonlySet<string>;
}

/**
 * The version a data file belongs to: its version folder (`…/v-mx1p…-3ab8/part-00000.parquet`),
 * or, for files written before versions had folders, its name up to the first dot
 * (`…/v-mx1p…-3ab8.parquet`).
 */
function versionOf(key: string): string {
  const segments = key.split("/");
  const folder = segments.slice(0, -1).reverse().find((segment) => segment.startsWith("v-"));
  if (folder !== undefined) return folder;
  const name = segments[segments.length - 1] ?? "";
  const dot = name.indexOf(".");
  return dot < 0 ? name : name.slice(0, dot);
}

/**
 * Data files under the tier folders (`raw/`, `clean/`, `curated/`) that nothing in the state
 * store accounts for — left by runs killed before they recorded them — and last written before
 * `before`, sorted. A file written since `before` is never listed, so a run that starts while
 * this looks is safe as long as the retention is longer than the look.
 */
export async function orphanFiles(store: ObjectStore, inUse: FilesInUse, before: Date): Promise<string[]> {
  const orphans: string[] = [];
  for (const tier of TIERS) {
    for (const key of await store.list(tier)) {
      if (inUse.recorded.has(key) || inUse.runningVersions.has(versionOf(key))) continue;
      const modified = await store.modifiedAt(key);
      if (modified !== undefined && modified.getTime() < before.getTime()) orphans.push(key);
    }
  }
  return orphans.sort();
}
