import { createHash } from "node:crypto";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { AssetNode } from "../core/graph/asset-node.ts";
import { cronAt, nextTick } from "../core/graph/cron-expression.ts";
import { evaluateFreshness } from "../freshness/evaluate-freshness.ts";
import { formatAge, formatDuration, parseDuration } from "../core/declare/duration.ts";
import { expectedPartitions, parentPartitions } from "../core/partitions/partition-keys.ts";
import { isPartitionExpired, retainedPartitions } from "../core/partitions/retention.ts";
import { keysOverlapping, shiftKey, windowOf } from "../core/partitions/time-window.ts";
import { localFields } from "../core/partitions/zoned-time.ts";
import { LANDING_SIGNATURE } from "../run/waiting-for-data.ts";
import type { MaterialisationRecord, PublishedVersion } from "../state/records.ts";
import type { LaunchDecision } from "./launch-decision.ts";
import type { PublishedSummary } from "../state/scheduler-store.ts";
import { targetPartitions } from "./target-partition.ts";
import { cronTicksBetween } from "./cron-ticks.ts";

/** Bounds that keep one tick short however long the scheduler was down. */
export interface TickLimits {
  /** Cron ticks handled per asset per tick (older missed ticks are left to catch-up). @default 10 */
  readonly cronTicksPerAsset: number;
  /** Missing partitions launched per asset per tick, oldest first. @default 10 */
  readonly catchUpPerAsset: number;
}

export const DEFAULT_TICK_LIMITS: TickLimits = { cronTicksPerAsset: 10, catchUpPerAsset: 10 };

/** What a tick knows when it decides. Loaded by the tick; deciding is pure. */
export interface TickInput {
  readonly graph: AssetGraph;
  readonly now: Date;
  /** The previous tick's instant: cron ticks and publishes in `(since, now]` are new. */
  readonly since: Date;
  readonly summaries: ReadonlyMap<string, PublishedSummary>;
  /** Published partition keys of the assets whose count is short of what is expected. */
  readonly publishedKeys: ReadonlyMap<string, ReadonlySet<string>>;
  readonly newlyPublished: readonly PublishedVersion[];
  /** Per (asset, partition) whose newest materialisation failed: it and the failures before it in a row. */
  readonly failureStreaks: readonly { readonly latest: MaterialisationRecord; readonly consecutive: number }[];
  /** When each partition of the eager children of newly published assets was last published. */
  readonly childPublishedAt: ReadonlyMap<string, ReadonlyMap<string, Date>>;
  /** Published partitions whose fingerprint differs from the asset's, for assets that rebuild when stale. */
  readonly stalePartitions: ReadonlyMap<string, readonly string[]>;
  /** Per asset and partition whose newest materialisation is waiting for data: that materialisation. */
  readonly waiting: ReadonlyMap<string, ReadonlyMap<string, MaterialisationRecord>>;
  /** Per asset and unpublished partition whose newest materialisation was blocked or skipped: that materialisation. */
  readonly blockedOrSkipped: ReadonlyMap<string, ReadonlyMap<string, MaterialisationRecord>>;
  /** For each waiting source (and each blocked one): the signature of its landing files now (see `landingSignature`). */
  readonly landingSignatures: ReadonlyMap<string, number>;
  readonly limits: TickLimits;
  /** Cron ticks in `(since, now]` per expression and zone, filled while deciding (thousands of assets share a few crons). */
  readonly cronTicks: Map<string, readonly Date[]>;
}

/** `2024-10-27 02:30` in `timezone`. */
function wallClock(at: Date, timezone: string): string {
  const f = localFields(at, timezone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${f.year}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}`;
}

/** Deterministic jitter in [0.5, 1.5) from a string, so a retry time is the same in every process. */
function jitter(seed: string): number {
  return 0.5 + createHash("sha256").update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

function cronLaunches(node: AssetNode, input: TickInput): LaunchDecision[] {
  const schedule = node.schedule;
  if (schedule.kind !== "cron") return [];
  const launches: LaunchDecision[] = [];
  const id = `${schedule.cron}\u0000${schedule.timezone}`;
  let ticks = input.cronTicks.get(id);
  if (ticks === undefined) {
    ticks = cronTicksBetween(schedule.cron, schedule.timezone, input.since, input.now, input.limits.cronTicksPerAsset);
    input.cronTicks.set(id, ticks);
  }
  for (const at of ticks) {
    // The slot is the tick's wall-clock time, so a local time repeated by a DST change runs once.
    const slot = `${wallClock(at, schedule.timezone)} ${schedule.timezone}`;
    for (const partition of targetPartitions(node, at)) {
      launches.push({ asset: node.key, partition, trigger: "schedule", slot, attempt: 0, reason: `cron "${schedule.cron}" (${schedule.timezone}) ticked at ${at.toISOString()}` });
    }
  }
  return launches;
}

function freshnessLaunches(node: AssetNode, input: TickInput): LaunchDecision[] {
  const policy = node.freshness;
  if (policy === undefined || node.scheduleDeclared) return [];
  const last = input.summaries.get(node.key)?.lastPublishedAt;
  const partitions = targetPartitions(node, input.now);
  const launch = (slot: string, reason: string): LaunchDecision[] => partitions.map((partition) => ({ asset: node.key, partition, trigger: "freshness", slot, attempt: 0, reason }));
  if (policy.kind === "maxLag") {
    const fail = parseDuration(policy.failAfter) ?? 0;
    const soon = policy.warnAfter === undefined ? Math.floor(fail * 0.8) : (parseDuration(policy.warnAfter) ?? 0);
    const lag = last === undefined ? Infinity : input.now.getTime() - last.getTime();
    if (lag < soon) return [];
    const state = evaluateFreshness(policy, last, input.now).state;
    const why = last === undefined ? "never published" : `last published ${formatAge(lag)} ago`;
    return launch(`lag:${last?.toISOString() ?? "never"}`, `freshness ${state === "PASS" ? "about to be violated" : state}: ${why} (failAfter ${policy.failAfter})`);
  }
  const next = nextTick(cronAt(policy.cron, policy.timezone, input.now));
  if (next === undefined) return [];
  const opens = next - (parseDuration(policy.window) ?? 0);
  if (input.now.getTime() < opens || (last !== undefined && last.getTime() >= opens)) return [];
  return launch(`deadline:${new Date(next).toISOString()}`, `freshness deadline ${new Date(next).toISOString()}: its ${policy.window} window is open and nothing was published in it`);
}

/** Child partitions of `node` that read `partition` of `parent`. */
function affectedPartitions(graph: AssetGraph, node: AssetNode, parentKey: string, partition: string, now: Date): string[] {
  const parent = graph.get(parentKey);
  const dependency = node.dependencies.find((d) => d.key === parentKey);
  if (dependency === undefined) return [];
  const child = node.partitions;
  if (child === undefined) return [""];
  if (child.kind === "static") return child.keys.filter((k) => parentPartitions(child, k, parent.partitions, dependency.partitions) === "all" || (parentPartitions(child, k, parent.partitions, dependency.partitions) as string[]).includes(partition));
  if (dependency.partitions.kind === "all" || parent.partitions === undefined || parent.partitions.kind !== "time") return targetPartitions(node, now);
  const window = windowOf(parent.partitions, partition);
  const near = keysOverlapping(child, window);
  const candidates = new Set<string>();
  const offsets = dependency.partitions.kind === "timeWindow" ? dependency.partitions : { startOffset: 0, endOffset: 0 };
  for (const key of near) for (let shift = -offsets.endOffset; shift <= -offsets.startOffset; shift++) candidates.add(shiftKey(child, key, shift));
  const expected = new Set(expectedPartitions(child, new Date(now.getTime() + 366 * 86_400_000)));
  return [...candidates].filter((k) => expected.has(k) && windowOf(child, k).start <= now && (parentPartitions(child, k, parent.partitions, dependency.partitions) as string[]).includes(partition)).sort();
}

function eagerLaunches(graph: AssetGraph, input: TickInput): LaunchDecision[] {
  const launches: LaunchDecision[] = [];
  for (const version of input.newlyPublished) {
    if (!graph.has(version.asset)) continue;
    for (const childKey of graph.children(version.asset)) {
      const child = graph.get(childKey);
      if (child.schedule.kind !== "eager") continue;
      for (const partition of affectedPartitions(graph, child, version.asset, version.partition, input.now)) {
        const childPublished = input.childPublishedAt.get(childKey)?.get(partition);
        if (childPublished !== undefined && childPublished >= version.publishedAt) continue;
        launches.push({ asset: childKey, partition, trigger: "eager", slot: `${version.asset}@${version.version}`, attempt: 0, reason: `upstream "${version.asset}"${version.partition === "" ? "" : ` ${version.partition}`} published version ${version.version}` });
      }
    }
  }
  return launches;
}

/** Whether the scheduler runs the asset by itself: a cron or eager schedule, or a freshness policy without a declared schedule. */
export function isAutomated(node: AssetNode): boolean {
  return node.schedule.kind === "cron" || node.schedule.kind === "eager" || (!node.scheduleDeclared && node.freshness !== undefined);
}

function catchUpLaunches(node: AssetNode, input: TickInput): LaunchDecision[] {
  if (!isAutomated(node) || node.partitions === undefined) return [];
  const published = input.publishedKeys.get(node.key);
  if (published === undefined) return [];
  // A partition waiting for data is not missing: it is looked at again when its data may have come.
  // Nor is one that was blocked or skipped: it is decided again on its own terms (see `inputsChangedLaunches`).
  const waiting = input.waiting.get(node.key);
  const held = input.blockedOrSkipped.get(node.key);
  // Partitions past the asset's retention are not missing: they expired (see `retention.ts`).
  const missing = retainedPartitions(node.partitions, node.retentionDays, input.now).filter((k) => !published.has(k) && waiting?.has(k) !== true && held?.has(k) !== true);
  return missing.slice(0, input.limits.catchUpPerAsset).map((partition) => ({
    asset: node.key,
    partition,
    trigger: "catch-up",
    slot: "missing",
    attempt: 0,
    reason: `partition ${partition} was never published (${missing.length} missing; catching up ${Math.min(missing.length, input.limits.catchUpPerAsset)} per tick, oldest first)`,
  }));
}

/** How a held partition's last attempt ended, as the reason of its relaunch says it. */
function endedAs(m: MaterialisationRecord): string {
  return m.status === "waiting" ? "found waiting for data" : m.status === "blocked" ? "blocked by its checks" : "skipped";
}

/**
 * Unpublished partitions held by how their last attempt ended — waiting for data, blocked by
 * their checks, skipped for their upstream — decided again only when their inputs changed
 * (oldest first, bounded), never every tick and never held by the claim of that attempt: a
 * source when its landing files changed since (a file landed, was replaced or removed: once per
 * state of the landing), any other asset when a parent published since. Catch-up never
 * fabricates data.
 */
function inputsChangedLaunches(node: AssetNode, input: TickInput, held: ReadonlyMap<string, MaterialisationRecord> | undefined): LaunchDecision[] {
  if (held === undefined || !isAutomated(node)) return [];
  const launches: LaunchDecision[] = [];
  for (const [partition, m] of [...held].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (launches.length >= input.limits.catchUpPerAsset) break;
    const base = { asset: node.key, partition, trigger: "catch-up" as const, attempt: 0 };
    const was = `it was ${endedAs(m)} at ${m.startedAt.toISOString()}`;
    if (node.compute.kind === "ingest" && node.compute.from.kind === "fileDrop") {
      const now = input.landingSignatures.get(node.key);
      if (now === undefined || now === m.timings[LANDING_SIGNATURE]) continue;
      launches.push({ ...base, slot: `landing:${now}`, reason: `${was}; its landing files matching "${node.compute.from.pattern}" changed since` });
      continue;
    }
    const since = m.finishedAt ?? m.startedAt;
    const parent = input.graph.parents(node.key).find((p) => (input.summaries.get(p)?.lastPublishedAt ?? new Date(0)) > since);
    if (parent !== undefined) launches.push({ ...base, slot: `after:${m.id}`, reason: `${was}; upstream "${parent}" published since` });
  }
  return launches;
}

function retryLaunches(graph: AssetGraph, input: TickInput): LaunchDecision[] {
  const launches: LaunchDecision[] = [];
  for (const { latest, consecutive } of input.failureStreaks) {
    if (!graph.has(latest.asset)) continue;
    const node = graph.get(latest.asset);
    if (consecutive > node.retries.max) continue;
    const wait = node.retries.backoffMs * 2 ** (consecutive - 1) * jitter(`${latest.asset}\u0000${latest.partition}\u0000${latest.id}`);
    const due = (latest.finishedAt ?? latest.startedAt).getTime() + wait;
    if (input.now.getTime() < due) continue;
    launches.push({
      asset: latest.asset,
      partition: latest.partition,
      trigger: "retry",
      slot: `after:${latest.id}`,
      attempt: consecutive,
      reason: `retry ${consecutive} of ${node.retries.max} after failure at ${(latest.finishedAt ?? latest.startedAt).toISOString()} (backoff ${formatDuration(Math.round(wait / 1000) * 1000)}): ${(latest.reason ?? "").split("\n")[0]}`,
    });
  }
  return launches;
}

function staleLaunches(node: AssetNode, input: TickInput): LaunchDecision[] {
  const partitions = input.stalePartitions.get(node.key) ?? [];
  return partitions.slice(0, input.limits.catchUpPerAsset).map((partition) => ({ asset: node.key, partition, trigger: "stale", slot: node.fingerprint, attempt: 0, reason: `its definition changed (fingerprint ${node.fingerprint}) and it rebuilds when stale` }));
}

/**
 * Every launch a tick should make, with its reason: cron ticks due, freshness about to be or
 * already violated (for assets without a declared schedule), eager assets whose upstream
 * published, partitions missing since the start (bounded), failed runs due for a retry, and
 * stale partitions of assets that rebuild, partitions waiting for data whose data may have
 * come, and blocked or skipped partitions whose upstream brought something new. One launch per (asset, partition): the first reason
 * wins and the others are appended. A partition past its asset's `retentionDays` is never
 * launched, whatever the reason: it expired. Pure.
 */
export function decideLaunches(input: TickInput): LaunchDecision[] {
  const all: LaunchDecision[] = [...retryLaunches(input.graph, input), ...eagerLaunches(input.graph, input)];
  for (const node of input.graph.nodes()) all.push(...cronLaunches(node, input), ...freshnessLaunches(node, input), ...catchUpLaunches(node, input), ...inputsChangedLaunches(node, input, input.waiting.get(node.key)), ...inputsChangedLaunches(node, input, input.blockedOrSkipped.get(node.key)), ...staleLaunches(node, input));
  const byTarget = new Map<string, LaunchDecision>();
  for (const launch of all) {
    const node = input.graph.get(launch.asset);
    if (isPartitionExpired(node.partitions, launch.partition, node.retentionDays, input.now)) continue;
    const id = `${launch.asset}\u0000${launch.partition}`;
    const first = byTarget.get(id);
    byTarget.set(id, first === undefined ? launch : { ...first, reason: first.reason.includes(launch.reason) ? first.reason : `${first.reason}; also ${launch.reason}` });
  }
  return [...byTarget.values()];
}
