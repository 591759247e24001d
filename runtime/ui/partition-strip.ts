import type { MaterialisationRecord, PublishedVersion } from "../state/records.ts";

/**
 * The state of one partition on the asset page's calendar strip:
 * `published` (current), `outdated` (published with an older definition), `failed` (its newest
 * attempt failed or was blocked; an older version may still be visible), `waiting` (for data),
 * `running`, `missing` (never published).
 */
export type PartitionCellStatus = "published" | "outdated" | "failed" | "waiting" | "running" | "missing";

/** One cell of the strip. */
export interface PartitionCell {
  readonly partition: string;
  readonly status: PartitionCellStatus;
  readonly rows: number | null;
  /** The newest attempt's reason, when it did not publish. */
  readonly reason: string | null;
}

/** How many partitions the strip shows at most: the latest ones. */
export const STRIP_LENGTH = 30;

/**
 * The calendar strip of an asset's partitions `keys` (oldest first; the latest
 * {@link STRIP_LENGTH} are kept), from its published versions and its attempts (`history`,
 * any order): the newest attempt of a partition decides unless it published. Pure.
 */
export function partitionStrip(keys: readonly string[], published: readonly PublishedVersion[], history: readonly MaterialisationRecord[], fingerprint: string): PartitionCell[] {
  const visible = new Map(published.map((v) => [v.partition, v]));
  const newest = new Map<string, MaterialisationRecord>();
  for (const m of history) {
    const seen = newest.get(m.partition);
    if (seen === undefined || m.id > seen.id) newest.set(m.partition, m);
  }
  return keys.slice(-STRIP_LENGTH).map((partition) => {
    const version = visible.get(partition);
    const attempt = newest.get(partition);
    const rows = version?.rows ?? null;
    const reason = attempt?.reason?.split("\n")[0] ?? null;
    if (attempt?.status === "running") return { partition, status: "running", rows, reason: null };
    if (attempt?.status === "failed" || attempt?.status === "blocked") return { partition, status: "failed", rows, reason };
    if (attempt?.status === "waiting" && version === undefined) return { partition, status: "waiting", rows, reason };
    if (version === undefined) return { partition, status: "missing", rows, reason: attempt?.status === "expired" ? reason : null };
    return { partition, status: version.fingerprint === fingerprint ? "published" : "outdated", rows, reason: null };
  });
}
