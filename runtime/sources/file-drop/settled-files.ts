import { parseDuration } from "../../core/declare/duration.ts";
import type { FileDropSpec } from "../../core/declare/file-drop.ts";
import type { ListedFile } from "./landing-listing.ts";

/**
 * The matching files that are complete, so that a partial upload is never picked up: with
 * `quietFor`, those not modified within that long before `now`; with `doneMarker`, those whose
 * marker (`<path><doneMarker>`) is in the listing. Marker files themselves are left out. Pure:
 * the clock is an argument.
 *
 * @example settledFiles(matching, listing, { ...from, quietFor: "2m" }, now)
 */
export function settledFiles(matching: readonly ListedFile[], listing: readonly ListedFile[], from: Pick<FileDropSpec, "quietFor" | "doneMarker">, now: Date): ListedFile[] {
  const quietMs = from.quietFor === undefined ? 0 : (parseDuration(from.quietFor) ?? 0);
  const marker = from.doneMarker;
  const present = marker === undefined ? undefined : new Set(listing.map((f) => f.path));
  return matching.filter((f) => {
    if (marker !== undefined && f.path.endsWith(marker)) return false;
    if (present !== undefined && !present.has(`${f.path}${marker ?? ""}`)) return false;
    return now.getTime() - f.mtimeMs >= quietMs;
  });
}
