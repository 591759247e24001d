import type { AssetNode } from "../core/graph/asset-node.ts";
import type { StateStore } from "../state/state-store.ts";

/** How many of a source's newest published partitions are looked at for its newest record. */
const PARTITIONS_LOOKED_AT = 7;

const TIMESTAMP_TEXT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-]\d{2})(?::?(\d{2}))?|Z)?$/;

/** A profiled maximum of a timestamp column (`2024-05-01 11:30:00.123456+00`, in UTC without an offset) as an instant, or undefined. */
export function timestampOfProfile(text: string | number | null | undefined): Date | undefined {
  if (typeof text !== "string") return undefined;
  const parts = TIMESTAMP_TEXT.exec(text.trim());
  if (parts === null) return undefined;
  const [, day, time, hours, minutes] = parts;
  const zone = hours === undefined ? "Z" : `${hours}:${minutes ?? "00"}`;
  const millis = Date.parse(`${day}T${(time ?? "").replace(/(\.\d{3})\d+$/, "$1")}${zone}`);
  return Number.isNaN(millis) ? undefined : new Date(millis);
}

/**
 * The newest value of the source's `loadedAtField` in what is published, from the profiles of
 * its published versions (the audit profiles every column: no data is read again). For a
 * partitioned source, its newest published partitions are looked at. Undefined when the source
 * has no `loadedAtField`, nothing is published, or no record has a value.
 */
export async function newestRecord(state: StateStore, node: AssetNode): Promise<Date | undefined> {
  const field = node.compute.kind === "ingest" ? node.compute.loadedAtField : undefined;
  if (field === undefined) return undefined;
  const versions = [...(await state.publishedVersions(node.key))].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime()).slice(0, PARTITIONS_LOOKED_AT);
  let newest: Date | undefined;
  for (const version of versions) {
    const profile = await state.latestProfile(node.key, version.partition);
    if (profile?.materialisationId !== version.materialisationId) continue;
    const value = timestampOfProfile(profile.columns.find((c) => c.name === field)?.max);
    if (value !== undefined && (newest === undefined || value > newest)) newest = value;
  }
  return newest;
}
