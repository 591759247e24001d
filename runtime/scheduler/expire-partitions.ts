import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { TimeWindowPartitions } from "../core/declare/partitions.ts";
import { expiresPartitions, firstRetainedKey, isPartitionExpired, retainedPartitionCount } from "../core/partitions/retention.ts";
import { firstKey, keysBetween, shiftKey } from "../core/partitions/time-window.ts";
import type { StateStore } from "../state/state-store.ts";
import type { PublishedSummary } from "../state/scheduler-store.ts";
import type { ObjectStore } from "../storage/object-store.ts";

/** What expiring did to one asset. */
export interface ExpiredAsset {
  readonly asset: string;
  /** The partitions whose published version expired, oldest first. */
  readonly partitions: readonly string[];
  /** How many data files were deleted. */
  readonly files: number;
}

/** Options of {@link expirePartitions}. */
export interface ExpiryOptions {
  /** Who expires, for the recorded reason, e.g. `lakeform gc` or `the scheduler`. */
  readonly by: string;
  /** At most this many partitions per asset (a tick stays short; the next one goes on). @default no limit */
  readonly limitPerAsset?: number;
  /**
   * The published-partition count of each asset (one query): given, each asset is looked at
   * cheaply (see `candidates`), as a tick does; not given, every published partition of every
   * asset with a retention is, as `lakeform gc` does. @default not given
   */
  readonly summaries?: ReadonlyMap<string, PublishedSummary>;
  /** With `summaries`: the previous tick's instant; windows that fell out of retention before it were looked at then. @default look at the `limitPerAsset` windows before the first kept one */
  readonly since?: Date;
}

/**
 * The partitions a tick looks at (see {@link ExpiryOptions.summaries}): every published one when
 * the asset's count exceeds what it may keep (its open window included) — a retention was just
 * declared or shortened; otherwise the windows that fell out of retention since the previous
 * tick (`since`), at most `limit` just before the first kept one — none, without a query, while
 * the first kept window stays the same.
 */
function candidates(spec: TimeWindowPartitions, days: number, summary: PublishedSummary, now: Date, since: Date | undefined, limit: number): readonly string[] | "all" {
  if (summary.partitions > retainedPartitionCount(spec, days, now) + 1) return "all";
  const kept = firstRetainedKey(spec, days, now);
  const bound = shiftKey(spec, kept, -limit);
  const previous = since === undefined ? bound : firstRetainedKey(spec, days, since);
  const from = [previous, bound, firstKey(spec)].reduce((a, b) => (a > b ? a : b));
  return from >= kept ? [] : keysBetween(spec, from, shiftKey(spec, kept, -1));
}

/**
 * Enforces `retentionDays`: for each asset with time partitions and a retention, the published
 * partitions whose window ended more than `retentionDays` before `now` are expired in the state
 * store (recorded as `expired` with the reason, no longer visible), then their data files are
 * deleted. State first: a crash between the two leaves files that the expired record still
 * lists, and `lakeform gc` deletes them with the history.
 */
export async function expirePartitions(services: { readonly graph: AssetGraph; readonly state: StateStore; readonly store: ObjectStore }, now: Date, options: ExpiryOptions): Promise<ExpiredAsset[]> {
  const report: ExpiredAsset[] = [];
  for (const node of services.graph.nodes()) {
    const days = node.retentionDays;
    const spec = node.partitions;
    if (days === undefined || !expiresPartitions(spec, days)) continue;
    let keys: readonly string[] | "all" = "all";
    if (options.summaries !== undefined) {
      const summary = options.summaries.get(node.key);
      if (summary === undefined || summary.partitions === 0) continue;
      keys = candidates(spec, days, summary, now, options.since, options.limitPerAsset ?? 100);
      if (keys.length === 0) continue;
    }
    const expired = (await (keys === "all" ? services.state.publishedVersions(node.key) : services.state.publishedVersions(node.key, keys)))
      .map((v) => v.partition)
      .filter((key) => isPartitionExpired(node.partitions, key, days, now))
      .slice(0, options.limitPerAsset ?? Infinity);
    if (expired.length === 0) continue;
    const reason = `retentionDays ${days}: its window ended more than ${days} day${days === 1 ? "" : "s"} before ${now.toISOString()} (expired by ${options.by})`;
    const done = await services.state.expirePartitions(node.key, expired, now, reason);
    await services.store.delete(done.files);
    report.push({ asset: node.key, partitions: done.expired.map((m) => m.partition), files: done.files.length });
  }
  return report;
}
