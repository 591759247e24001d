import type { AssetGraph } from "../core/graph/asset-graph.ts";
import { retainedPartitionCount } from "../core/partitions/retention.ts";
import { landingSignature, listLanding, matchingFiles, type ListedFile } from "../sources/file-drop/landing-listing.ts";
import type { MaterialisationRecord } from "../state/records.ts";
import { isAutomated, type TickInput, type TickLimits } from "./decide-launches.ts";
import type { PublishedSummary, SchedulerStore } from "../state/scheduler-store.ts";

/** How far back failed runs are considered for retries. */
const RETRY_HORIZON_MS = 7 * 86_400_000;

/** Materialisations of the graph's assets, by asset then partition. */
function byAssetAndPartition(graph: AssetGraph, records: readonly MaterialisationRecord[]): Map<string, Map<string, MaterialisationRecord>> {
  const found = new Map<string, Map<string, MaterialisationRecord>>();
  for (const m of records) {
    if (!graph.has(m.asset)) continue;
    const byPartition = found.get(m.asset) ?? new Map<string, MaterialisationRecord>();
    byPartition.set(m.partition, m);
    found.set(m.asset, byPartition);
  }
  return found;
}

/**
 * Loads what a tick decides from, with a bounded number of queries: per-asset summaries (one
 * query), the keys of assets that are missing partitions only, publishes and failures since the
 * last tick, stale partitions of assets that rebuild, partitions waiting for data and
 * unpublished ones last blocked or skipped — with, for the sources among them, the signature of their landing files now (one directory listing,
 * only when a source is waiting; nothing is read). `known`: the summaries, when the caller has them already.
 */
export async function loadTickInput(graph: AssetGraph, state: SchedulerStore, now: Date, since: Date, limits: TickLimits, landingDir?: string, known?: ReadonlyMap<string, PublishedSummary>): Promise<TickInput> {
  const summaries = known ?? (await state.publishedSummaries());
  const publishedKeys = new Map<string, Set<string>>();
  for (const node of graph.nodes()) {
    if (node.partitions === undefined) continue;
    if (!isAutomated(node)) continue;
    if ((summaries.get(node.key)?.partitions ?? 0) >= retainedPartitionCount(node.partitions, node.retentionDays, now)) continue;
    publishedKeys.set(node.key, new Set((await state.publishedVersions(node.key)).map((v) => v.partition)));
  }
  const newlyPublished = await state.publishedBetween(since, now);
  const childPublishedAt = new Map<string, Map<string, Date>>();
  for (const parent of new Set(newlyPublished.map((v) => v.asset))) {
    if (!graph.has(parent)) continue;
    for (const child of graph.children(parent)) {
      if (childPublishedAt.has(child) || graph.get(child).schedule.kind !== "eager") continue;
      childPublishedAt.set(child, new Map((await state.publishedVersions(child)).map((v) => [v.partition, v.publishedAt])));
    }
  }
  const latestFailures = new Map<string, MaterialisationRecord>();
  for (const failure of await state.failedBetween(new Date(now.getTime() - RETRY_HORIZON_MS), now)) latestFailures.set(`${failure.asset}\u0000${failure.partition}`, failure);
  const failureStreaks: { latest: MaterialisationRecord; consecutive: number }[] = [];
  for (const failure of latestFailures.values()) {
    if (!graph.has(failure.asset)) continue;
    const history = await state.materialisationHistory(failure.asset, { partition: failure.partition, limit: graph.get(failure.asset).retries.max + 2 });
    if (history[0]?.id !== failure.id) continue;
    const consecutive = history.findIndex((m) => m.status !== "failed");
    failureStreaks.push({ latest: failure, consecutive: consecutive < 0 ? history.length : consecutive });
  }
  const stalePartitions = new Map<string, string[]>();
  for (const node of graph.nodes()) {
    if (!node.rebuildWhenStale) continue;
    const stale = (await state.publishedVersions(node.key)).filter((v) => v.fingerprint !== node.fingerprint).map((v) => v.partition);
    if (stale.length > 0) stalePartitions.set(node.key, stale);
  }
  const waiting = byAssetAndPartition(graph, await state.waitingMaterialisations());
  const blockedOrSkipped = byAssetAndPartition(graph, await state.blockedOrSkippedMaterialisations());
  const landingSignatures = new Map<string, number>();
  let listing: ListedFile[] | undefined;
  for (const asset of new Set([...waiting.keys(), ...blockedOrSkipped.keys()])) {
    const compute = graph.get(asset).compute;
    if (compute.kind !== "ingest" || compute.from.kind !== "fileDrop" || landingDir === undefined) continue;
    listing ??= await listLanding(landingDir);
    landingSignatures.set(asset, landingSignature(matchingFiles(listing, compute.from.pattern)));
  }
  return { graph, now, since, summaries, publishedKeys, newlyPublished, childPublishedAt, failureStreaks, stalePartitions, waiting, blockedOrSkipped, landingSignatures, limits, cronTicks: new Map() };
}
