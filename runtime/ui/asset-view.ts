import { describeFreshness, describePartitions, describeSchedule, nodeSummary } from "../cli/describe-node.ts";
import { expectedPartitions } from "../core/partitions/partition-keys.ts";
import { assetFreshness, type AssetFreshness } from "../freshness/asset-freshness.ts";
import { waitingSummary } from "../run/waiting-for-data.ts";
import type { ProfileRecord, PublishedVersion } from "../state/records.ts";
import { assetHealth, type HealthVerdict } from "./asset-health.ts";
import { checkHistories, type CheckHistory } from "./check-history.ts";
import { maskSample } from "./mask-sample.ts";
import { partitionStrip, STRIP_LENGTH, type PartitionCell } from "./partition-strip.ts";
import { lineChartSvg } from "./svg-chart.ts";
import type { UiSource } from "./ui-source.ts";

/** How many materialisations the asset page looks back over (history, checks, charts). */
export const HISTORY_LENGTH = 30;

/** The asset page's data. */
export interface AssetView {
  readonly asset: ReturnType<typeof nodeSummary> & { readonly partitionsText: string; readonly scheduleText: string; readonly freshnessText: string };
  readonly health: HealthVerdict;
  readonly partitions: readonly PartitionCell[];
  readonly materialisations: readonly { readonly id: number; readonly runId: string; readonly partition: string; readonly status: string; readonly rows: number | null; readonly startedAt: string; readonly finishedAt: string | null; readonly reason: string | null }[];
  /** The newest results of each check, their failing-row samples with PII masked. */
  readonly checks: readonly { readonly check: string; readonly kind: string; readonly severity: string; readonly status: string; readonly message: string; readonly partition: string; readonly failingSample: readonly Record<string, unknown>[] }[];
  readonly checkHistory: readonly CheckHistory[];
  readonly rowsChart: string;
  readonly profile: ProfileRecord | null;
  readonly freshness: AssetFreshness;
  /** What depends on it, directly or not, in topological order. */
  readonly downstream: readonly string[];
  /** The plan's monthly cost estimate for this asset, when the environment has a stack file. */
  readonly cost: { readonly monthlyUsd: number; readonly items: readonly { readonly what: string; readonly monthlyUsd: number; readonly basis: string }[] } | null;
}

/** Returns undefined when `key` is not in the graph. Reads the state store only. */
export async function loadAssetView(source: UiSource, key: string): Promise<AssetView | undefined> {
  const { graph, state } = source;
  if (!graph.has(key)) return undefined;
  const node = graph.get(key);
  const now = source.now();
  const published = new Map<string, PublishedVersion[]>();
  for (const k of [key, ...graph.parents(key)]) published.set(k, await state.publishedVersions(k));
  const versions = published.get(key) ?? [];
  const history = await state.materialisationHistory(key, { limit: 500 });
  const recent = history.slice(0, HISTORY_LENGTH);
  const latestChecks = history.length === 0 ? [] : await state.checkResults(key);
  const audited = recent.filter((m) => m.status !== "running" && m.status !== "waiting" && m.status !== "skipped");
  const pastChecks = (await Promise.all(audited.map((m) => state.checkResults(key, { materialisationId: m.id })))).flat();
  const freshness = assetFreshness(node, versions, now);
  const health = assetHealth(graph, key, published, {
    latest: history[0],
    checks: latestChecks,
    waiting: waitingSummary(node, await state.waitingMaterialisations(), source.landingDir),
    freshness,
  });
  const rowPoints = [...recent].reverse().filter((m) => m.rows !== undefined && (m.status === "published" || m.status === "superseded" || m.status === "expired"));
  const cost = source.plan()?.cost.perAsset.find((c) => c.asset === key);
  return {
    asset: { ...nodeSummary(node), partitionsText: describePartitions(node), scheduleText: describeSchedule(node), freshnessText: describeFreshness(node) },
    health,
    partitions: partitionStrip(expectedPartitions(node.partitions, now).slice(-STRIP_LENGTH), versions, history, node.fingerprint),
    materialisations: recent.slice(0, 10).map((m) => ({ id: m.id, runId: m.runId, partition: m.partition, status: m.status, rows: m.rows ?? null, startedAt: m.startedAt.toISOString(), finishedAt: m.finishedAt?.toISOString() ?? null, reason: m.reason?.split("\n")[0] ?? null })),
    checks: latestChecks.map((c) => ({ check: c.check, kind: c.kind, severity: c.severity, status: c.status, message: c.message, partition: c.partition, failingSample: c.failingSample.map((row) => maskSample(row, node.columns)) })),
    checkHistory: checkHistories(pastChecks),
    rowsChart: lineChartSvg("rows per materialisation", rowPoints.map((m) => ({ label: m.partition || m.startedAt.toISOString(), value: m.rows ?? 0 }))),
    profile: (await state.latestProfile(key)) ?? null,
    freshness,
    downstream: graph.downstream(key),
    cost: cost === undefined ? null : { monthlyUsd: cost.monthlyUsd, items: cost.items.map((i) => ({ what: i.what, monthlyUsd: i.monthlyUsd, basis: i.basis })) },
  };
}
