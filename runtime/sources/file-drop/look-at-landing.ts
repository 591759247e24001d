import type { FileDropSpec } from "../../core/declare/file-drop.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import type { TimeWindow } from "../../core/partitions/time-window.ts";
import type { StateStore } from "../../state/state-store.ts";
import type { LandingFile } from "./landing-file.ts";
import { landingFilesOf } from "./landing-files.ts";
import { landingSignature, listLanding, matchingFiles } from "./landing-listing.ts";
import { settledFiles } from "./settled-files.ts";
import { unmatchedLandedFiles } from "./unmatched-files.ts";

/** What an ingest looked at in its landing folder: the files for the partition, and what that says when there is no data. */
export interface LandingLook {
  readonly files: LandingFile[];
  /** The {@link landingSignature} of every file the pattern matches. */
  readonly signature: number;
  readonly matching: number;
  /** Whether files are not filtered by window, so "no rows for this partition" is known only after the load. */
  readonly rowsDecide: boolean;
  /** Landed files the pattern misses although they look like its files (in a subfolder it does not reach). */
  readonly unmatched: readonly string[];
}

/**
 * What a file-drop source finds for one partition: the landed files its pattern matches (with
 * their ledger identity), kept to the partition's window when rows belong to the window they
 * landed in, and what that says when nothing is there. The source decides this; loading the files
 * is a `LandingLoader`'s job (`landing-loader.ts`).
 */
export async function lookAtLanding(at: { readonly node: AssetNode; readonly from: FileDropSpec; readonly window: TimeWindow | undefined; readonly landingDir: string; readonly ledger: StateStore; readonly now?: Date }): Promise<LandingLook> {
  const { node, window, landingDir } = at;
  const pattern = at.from.pattern;
  // Listed first: a file landing meanwhile changes the next signature, so it is looked at again.
  const listing = await listLanding(landingDir);
  // Files still being written (quietFor, doneMarker) are left for a later look: the signature
  // leaves them out too, so the scheduler, whose signature counts them, looks again.
  const settling = at.from.quietFor !== undefined || at.from.doneMarker !== undefined;
  const listed = settling ? settledFiles(matchingFiles(listing, pattern), listing, at.from, at.now ?? new Date()) : matchingFiles(listing, pattern);
  let files = await landingFilesOf(node.key, landingDir, listed, at.ledger);
  // Without a partition column, a source's rows belong to the window they landed in.
  const byLanding = window !== undefined && node.partitions?.kind === "time" && node.partitions.column === undefined;
  if (byLanding) files = files.filter((f) => f.loadedAt >= window.start && f.loadedAt < window.end);
  const unmatched = unmatchedLandedFiles(pattern, listing.map((f) => f.path));
  return { files, signature: landingSignature(listed), matching: listed.length, rowsDecide: node.partitions !== undefined && !byLanding, unmatched };
}
