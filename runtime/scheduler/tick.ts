import { randomBytes } from "node:crypto";
import { syncCatalog, type CatalogRepair } from "../catalog/sync-catalog.ts";
import { writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import type { Alert, Observation } from "../alerts/alert.ts";
import { DEFAULT_CONCURRENCY, type ConcurrencyLimits } from "../config/runtime-config.ts";
import { deliverAlerts, type AlertRoutes } from "../alerts/alert-routes.ts";
import { decideAlerts } from "../alerts/decide-alerts.ts";
import { evaluateFreshness } from "../freshness/evaluate-freshness.ts";
import { isMeasuredByRecords, measuredFreshness } from "../freshness/measured-freshness.ts";
import { advanceInFlight } from "../run/advance-in-flight.ts";
import { executePlan } from "../run/execute-plan.ts";
import type { MaterializationPlan } from "../run/materialization-plan.ts";
import { isRunAlive } from "../state/process-liveness.ts";
import type { ProgressReporter } from "../run/progress-reporter.ts";
import type { RunReport, StepResult } from "../run/run-report.ts";
import type { RunServices } from "../run/run-services.ts";
import { decideLaunches, DEFAULT_TICK_LIMITS, type TickLimits } from "./decide-launches.ts";
import { expirePartitions, type ExpiredAsset } from "./expire-partitions.ts";
import type { LaunchDecision } from "./launch-decision.ts";
import { loadTickInput } from "./load-tick-input.ts";
import type { DecisionRecord, SchedulerStore } from "../state/scheduler-store.ts";

/** What one tick did. */
export interface TickReport {
  readonly tickId: string;
  readonly now: Date;
  readonly decisions: readonly DecisionRecord[];
  readonly run: RunReport | undefined;
  /** Materialisations of detached jobs (submitted by earlier ticks) that settled in this tick: published, blocked or failed. */
  readonly advanced: readonly StepResult[];
  readonly alerts: readonly Alert[];
  readonly alertFailures: readonly { readonly sink: string; readonly error: string }[];
  /** Partitions past their asset's `retentionDays` that this tick expired (bounded per asset, see `EXPIRED_PER_TICK`). */
  readonly expired: readonly ExpiredAsset[];
  /** What the catalog sync at the start of the tick repaired (none without a catalog). */
  readonly catalogRepairs: readonly CatalogRepair[];
}

/** Partitions a tick expires per asset at most; the next tick goes on (`lakeform gc` expires every one). */
export const EXPIRED_PER_TICK = 100;

/** The options of one tick. */
export interface TickOptions {
  readonly now: Date;
  readonly routes: AlertRoutes;
  readonly reporter: ProgressReporter;
  readonly limits?: TickLimits;
  /** How many runs may go on at once (`RuntimeConfig.concurrency`). @default DEFAULT_CONCURRENCY */
  readonly concurrency?: ConcurrencyLimits;
}

function planOf(services: RunServices, launches: readonly LaunchDecision[]): MaterializationPlan {
  const byAsset = new Map<string, string[]>();
  for (const launch of launches) byAsset.set(launch.asset, [...(byAsset.get(launch.asset) ?? []), launch.partition]);
  const keys = services.graph.sortTopologically(byAsset.keys());
  return { selection: "scheduler", steps: keys.map((key) => ({ key, partitions: [...new Set(byAsset.get(key))].sort() })) };
}

function observationsOf(results: readonly StepResult[]): Observation[] {
  const observations: Observation[] = [];
  for (const r of results) {
    // Skipped and waiting steps are no news: what is late is the freshness policy's to say; a submitted one is not done.
    if (r.status === "skipped" || r.status === "waiting" || r.status === "submitted") continue;
    observations.push({ asset: r.key, partition: r.partition, kind: "run", level: r.status === "failed" ? "fail" : "ok", message: r.status === "failed" ? `run failed: ${(r.reason ?? "").split("\n")[0]}` : "run succeeded" });
    if (r.status !== "failed") observations.push({ asset: r.key, partition: r.partition, kind: "checks", level: r.status === "blocked" ? "fail" : "ok", message: r.status === "blocked" ? (r.reason ?? "blocked") : "checks passed" });
  }
  return observations;
}

/** Freshness of every asset with a policy, from its last publish (one query for all assets). */
async function freshnessObservations(services: RunServices & { readonly state: SchedulerStore }, now: Date): Promise<Observation[]> {
  const summaries = await services.state.publishedSummaries();
  const observations: Observation[] = [];
  for (const node of services.graph.nodes()) {
    const last = summaries.get(node.key)?.lastPublishedAt;
    if (node.freshness === undefined || last === undefined) continue;
    // A source with a loadedAtField is judged on its newest record (dbt's source freshness).
    const result = isMeasuredByRecords(node) ? (await measuredFreshness(services.state, node, now)).overall : evaluateFreshness(node.freshness, last, now);
    const level = result.state === "FAIL" ? "fail" : result.state === "WARN" ? "warn" : "ok";
    observations.push({ asset: node.key, partition: "", kind: "freshness", level, message: `freshness ${result.state}: ${result.reason}` });
  }
  return observations;
}

/** `syncCatalog` when there is a catalog; a catalog that cannot be reached now is said, not fatal (the next tick tries again). */
async function repairCatalog(services: RunServices): Promise<readonly CatalogRepair[]> {
  const catalog = services.catalog;
  if (catalog === undefined) return [];
  try {
    return await syncCatalog({ graph: services.graph, state: services.state, store: services.store, catalog });
  } catch (error) {
    (services.warn ?? ((message: string) => process.stderr.write(`${message}\n`)))(`The ${catalog.name} catalog could not be synced: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/**
 * For tests of a tick killed after claiming: with `LAKEFORM_TEST_PAUSE_AFTER_CLAIM=<file>`, a tick
 * that claimed launches creates the file and waits (at most ten minutes) instead of running them.
 */
async function pauseAfterClaimingForTests(): Promise<void> {
  const marker = process.env.LAKEFORM_TEST_PAUSE_AFTER_CLAIM;
  if (marker === undefined || marker === "") return;
  await writeFile(marker, String(process.pid));
  await new Promise((resolve) => setTimeout(resolve, 600_000));
}

/**
 * One idempotent reconciliation pass, safe to run from cron, a Lambda or several processes at
 * once: fail runs whose process died, decide what is due and why, claim each launch through the
 * state store (see `LaunchClaim`: one tick at a time per (asset, partition), each scheduling
 * reason once, a claim of a killed tick taken over), respect concurrency
 * limits, run the claimed launches, record those that found no data as `waiting` (no alert: the
 * freshness policy says when that is late), alert once per change of state, and move the cursor.
 *
 * A tick is short: first it advances the jobs earlier ticks left running (`advanceInFlight`:
 * re-attach by the recorded id, poll, audit, publish); then, on an engine whose jobs do not
 * complete inline (EMR, BigQuery), it submits, records the job ids and returns — nothing waits
 * on a cluster inside a tick. DuckDB jobs finish within the tick that submits them.
 */
export async function tick(services: RunServices & { readonly state: SchedulerStore }, options: TickOptions): Promise<TickReport> {
  const { state, graph } = services;
  const now = options.now;
  const tickId = `tick-${now.getTime().toString(36)}-${randomBytes(3).toString("hex")}`;
  await state.failAbandoned((run) => isRunAlive(run, now), now);
  const advanced = await advanceInFlight(services);
  const cursor = await state.schedulerCursor();
  const since = cursor === undefined || cursor > now ? now : cursor;
  // Retention first, so that nothing below launches or counts an expired partition: what fell out
  // of retention since the last tick, found from one query of per-asset counts.
  const retaining = graph.nodes().some((node) => node.retentionDays !== undefined && node.partitions?.kind === "time");
  const summaries = retaining ? await state.publishedSummaries() : undefined;
  const expired = summaries === undefined ? [] : await expirePartitions(services, now, { by: "the scheduler", limitPerAsset: EXPIRED_PER_TICK, summaries, ...(cursor === undefined ? {} : { since }) });
  // The catalog follows the state store: a crash between their publishes, and what just expired.
  const catalogRepairs = await repairCatalog(services);
  // A landing in S3 or GCS is mirrored before the decisions look at it.
  await services.refreshLanding?.();
  // The summaries read for retention stay true unless something expired.
  const decided = decideLaunches(await loadTickInput(graph, state, now, since, options.limits ?? DEFAULT_TICK_LIMITS, services.landingDir, expired.length === 0 ? summaries : undefined));

  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const running = await state.runningMaterialisations();
  // A partition whose detached job is still computing is not launched again.
  const computing = new Set(running.filter((m) => m.detached).map((m) => JSON.stringify([m.asset, m.partition])));
  const launches = computing.size === 0 ? decided : decided.filter((l) => !computing.has(JSON.stringify([l.asset, l.partition])));
  // This tick's launches run as one run, in this process: it may start if a run slot is free.
  const canStart = new Set(running.map((m) => m.runId)).size < concurrency.global;
  const freeEngine = new Map(Object.entries(concurrency.perEngine).map(([engine, limit]) => [engine, limit - running.filter((m) => graph.has(m.asset) && graph.get(m.asset).engine === engine).length]));
  const claimed: LaunchDecision[] = [];
  const decisions: DecisionRecord[] = [];
  let attempted = false;
  for (const launch of graph.sortTopologically(new Set(launches.map((l) => l.asset))).flatMap((key) => launches.filter((l) => l.asset === key))) {
    const engine = graph.get(launch.asset).engine;
    const base = { tickId, asset: launch.asset, partition: launch.partition, decidedAt: now, trigger: launch.trigger };
    if (!canStart || (freeEngine.get(engine) ?? 0) <= 0) {
      decisions.push({ ...base, action: "deferred", reason: `${launch.reason} — deferred: ${!canStart ? `${concurrency.global} runs already going on` : `the ${engine} engine is at its limit of ${concurrency.perEngine[engine]}`}` });
      continue;
    }
    const won = await state.claimLaunch({ asset: launch.asset, partition: launch.partition, trigger: launch.trigger, slot: launch.slot, attempt: launch.attempt, tickId, claimedAt: now, host: hostname(), pid: process.pid });
    attempted = true;
    decisions.push({ ...base, action: won ? "launch" : "claimed-elsewhere", reason: won ? launch.reason : `${launch.reason} — already launched by another tick` });
    if (won) claimed.push(launch);
  }
  let run: RunReport | undefined;
  try {
    await state.recordDecisions(decisions);
    if (claimed.length > 0) await pauseAfterClaimingForTests();
    run = claimed.length === 0 ? undefined : await executePlan({ ...services, detachJobs: true, tickId }, planOf(services, claimed), options.reporter, claimed[0]?.trigger ?? "schedule", (runId) => state.startLaunches(tickId, runId));
  } finally {
    // Done with its claims, whether they ran or not: they are no longer in flight.
    if (attempted) await state.finishLaunches(tickId, now);
  }
  // A launch that found no data is recorded as such: it is looked at again when its data may have come.
  const waited: DecisionRecord[] = (run?.results ?? [])
    .filter((r) => r.status === "waiting")
    .map((r) => ({ tickId, asset: r.key, partition: r.partition, decidedAt: now, action: "waiting", trigger: claimed.find((c) => c.asset === r.key && c.partition === r.partition)?.trigger ?? "catch-up", reason: r.reason ?? "waiting for data" }));
  if (waited.length > 0) await state.recordDecisions(waited);
  decisions.push(...waited);
  const observations = [...observationsOf([...advanced, ...(run?.results ?? [])]), ...(await freshnessObservations(services, now))];
  const { alerts, levels } = decideAlerts(await state.alertLevels(), observations, (asset) => (graph.has(asset) ? graph.get(asset).owners : []), now);
  const alertFailures = await deliverAlerts(alerts, options.routes);
  await state.setAlertLevels(levels, now);
  // A cron tick or upstream version held back by a limit must be seen again: keep the cursor.
  const held = decisions.some((d) => d.action === "deferred" && (d.trigger === "schedule" || d.trigger === "eager"));
  if (!held) await state.advanceSchedulerCursor(now);
  return { tickId, now, decisions, run, advanced, alerts, alertFailures, expired, catalogRepairs };
}
