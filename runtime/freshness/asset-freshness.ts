import type { AssetNode } from "../core/graph/asset-node.ts";
import { retainedPartitions } from "../core/partitions/retention.ts";
import type { PublishedVersion } from "../state/records.ts";
import { evaluateFreshness, evaluatePartitionFreshness } from "./evaluate-freshness.ts";
import { worse, type FreshnessResult } from "./freshness-state.ts";

/** How many of the latest completed windows are judged per partition. */
export const RECENT_PARTITIONS = 7;

/** An asset's freshness, overall and for its recent partitions. */
export interface AssetFreshness {
  readonly key: string;
  readonly overall: FreshnessResult;
  readonly lastPublish: Date | undefined;
  readonly partitions: readonly ({ readonly partition: string } & FreshnessResult)[];
}

/**
 * Freshness of one asset from its published versions. Overall: the lag since its last publish
 * of any partition, and — for time partitions — the worse of that and its latest completed
 * window. The latest `RECENT_PARTITIONS` completed windows are judged one by one (not those past
 * the asset's `retentionDays`: they expired).
 */
export function assetFreshness(node: AssetNode, published: readonly PublishedVersion[], now: Date): AssetFreshness {
  const lastPublish = published.reduce<Date | undefined>((latest, v) => (latest === undefined || v.publishedAt > latest ? v.publishedAt : latest), undefined);
  let overall = evaluateFreshness(node.freshness, lastPublish, now);
  const partitions: ({ partition: string } & FreshnessResult)[] = [];
  if (node.freshness !== undefined && node.partitions?.kind === "time") {
    const byPartition = new Map(published.map((v) => [v.partition, v.publishedAt]));
    const recent = retainedPartitions(node.partitions, node.retentionDays, now).slice(-RECENT_PARTITIONS);
    for (const key of recent) partitions.push({ partition: key, ...evaluatePartitionFreshness(node.freshness, node.partitions, key, byPartition.get(key), now) });
    const latest = partitions[partitions.length - 1];
    if (latest !== undefined) overall = worse(overall, { ...latest, reason: `partition ${latest.partition}: ${latest.reason}` });
  }
  return { key: node.key, overall, lastPublish, partitions };
}
