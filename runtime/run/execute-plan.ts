import { hostname } from "node:os";
import { publishVersions } from "./publish.ts";
import { parentPartitions } from "../core/partitions/partition-keys.ts";
import type { MaterializationPlan, PlanStep } from "./materialization-plan.ts";
import { materializePartition, type PublishItem } from "./materialize-partition.ts";
import { materializeRanges } from "./materialize-range.ts";
import { HEARTBEAT_MS, isRunAlive } from "../state/process-liveness.ts";
import type { ProgressReporter } from "./progress-reporter.ts";
import { totalsOf, type RunReport, type StepResult } from "./run-report.ts";
import type { RunServices } from "./run-services.ts";
import { newRunId } from "./version-id.ts";
import { readsAhead } from "./prepare-inputs.ts";
import { upstreamWaitingReason } from "./waiting-for-data.ts";
import type { RunTrigger } from "../state/records.ts";
import { verifyPiiKey } from "./verify-pii-key.ts";
import { observeCutShort, observedReporter } from "./run-observer.ts";

/**
 * Why a child partition cannot run: a partition it reads failed, was blocked or skipped in this
 * run (it is skipped), or is waiting for data (it waits too; a failure or block wins) — unless
 * it reads every partition of that parent, or that partition lies ahead of its own window.
 */
function upstreamProblem(services: RunServices, step: PlanStep, partition: string, outcomes: ReadonlyMap<string, Map<string, StepResult>>): { status: "skipped" | "waiting"; reason: string } | undefined {
  const node = services.graph.get(step.key);
  let waiting: { status: "waiting"; reason: string } | undefined;
  for (const dependency of node.dependencies) {
    const parentOutcomes = outcomes.get(dependency.key);
    if (parentOutcomes === undefined) continue;
    const parent = services.graph.get(dependency.key);
    const read = parentPartitions(node.partitions, partition, parent.partitions, dependency.partitions);
    for (const [parentPartition, result] of parentOutcomes) {
      if (result.status === "published") continue;
      if (read === "all" || read.includes(parentPartition)) {
        if (result.status === "submitted") {
          // Its job runs on past this run's process: this partition waits for it to be published.
          waiting ??= { status: "waiting", reason: upstreamWaitingReason(dependency.key, parentPartition, `it is still computing (${result.reason ?? "a detached job"})`) };
          continue;
        }
        if (result.status === "waiting") {
          // Reading every partition, or a later one (late arrivals): what is published will do.
          if (read === "all" || readsAhead(node, partition, parent, parentPartition)) continue;
          waiting ??= { status: "waiting", reason: upstreamWaitingReason(dependency.key, parentPartition, result.reason) };
          continue;
        }
        return { status: "skipped", reason: `upstream "${dependency.key}"${parentPartition === "" ? "" : ` partition ${parentPartition}`} ${result.status === "skipped" ? "was skipped" : result.status === "blocked" ? "was blocked by its checks" : "failed"}` };
      }
    }
  }
  return waiting;
}

/**
 * Records a run that cannot go on (an error no step could absorb, e.g. the state store's disk is
 * full) as failed before the error ends the process: its running materialisations failed with the
 * reason, then the run itself. Best effort: when the state store cannot write either, the next
 * run finds this one abandoned (its process is gone) and fails it then.
 */
async function recordCutShort(services: RunServices, runId: string, plan: MaterializationPlan, error: unknown): Promise<void> {
  const { state } = services;
  const reason = `the run stopped: ${error instanceof Error ? error.message : String(error)}`;
  try {
    for (const step of plan.steps) {
      const history = await state.materialisationHistory(step.key, { limit: step.partitions.length * 2 + 10 });
      // A detached job carries its materialisation on: a later tick advances it.
      for (const m of history.filter((h) => h.runId === runId && h.status === "running" && !h.detached)) {
        await state.finishMaterialisation(m.id, { status: "failed", finishedAt: services.now(), reason });
      }
    }
    // Whatever the history did not show: this run's remaining running rows, failed with it.
    await state.failAbandoned((r) => r.id !== runId && isRunAlive(r, services.now()), services.now());
  } catch {
    // The state store cannot record it now; the next run will (see failAbandoned).
  }
}

/**
 * Executes a plan: assets in dependency order, each partition through write-audit-publish,
 * the passing partitions of an asset published together in one transaction. A partition whose
 * inputs failed, were blocked or skipped in this run is skipped with the reason; one whose inputs
 * wait for data waits too. Waiting is not a failure: a run with only published and waiting
 * steps succeeded. Runs left
 * `running` by a dead process are failed first, so an interrupted run converges; a run cut short
 * by an error is recorded failed before the error is thrown. With `services.detachJobs`, jobs of
 * engines that do not complete inline are submitted and left running (`submitted`); the run then
 * stays running after this returns, and the tick that settles its last job finishes it.
 */
export async function executePlan(services: RunServices, plan: MaterializationPlan, reporter: ProgressReporter, trigger: RunTrigger = "manual", onStarted?: (runId: string) => Promise<void>): Promise<RunReport> {
  const { state } = services;
  reporter = observedReporter(reporter, services, trigger);
  const began = performance.now();
  await state.failAbandoned((run) => isRunAlive(run, services.now()), services.now());
  await verifyPiiKey(services, plan.steps.map((s) => s.key));
  const run = await state.createRun({ id: newRunId(services.now()), selection: plan.selection, trigger, startedAt: services.now(), pid: process.pid, host: hostname() });
  // The scheduler records that its claims now have a run: from here, a death is the run's to report.
  await onStarted?.(run.id);
  const heartbeat = setInterval(() => void state.heartbeat(run.id, services.now()).catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  reporter.started(plan, run.id);
  const outcomes = new Map<string, Map<string, StepResult>>();
  const results: StepResult[] = [];
  try {
    for (const step of plan.steps) {
      const node = services.graph.get(step.key);
      const stepOutcomes = new Map<string, StepResult>();
      outcomes.set(step.key, stepOutcomes);
      const toPublish: { item: PublishItem; result: StepResult }[] = [];
      // Consecutive partitions of an asset that names its partition column: one engine job per range.
      const ranged = await materializeRanges(services, run.id, node, step.partitions.filter((p) => upstreamProblem(services, step, p, outcomes) === undefined));
      for (const partition of step.partitions) {
        reporter.stepStarted(step.key, partition);
        const problem = upstreamProblem(services, step, partition, outcomes);
        let result: StepResult;
        if (problem !== undefined) {
          const now = services.now();
          const record = await state.startMaterialisation({ runId: run.id, asset: step.key, partition, version: "-", fingerprint: node.fingerprint, startedAt: now });
          await state.finishMaterialisation(record.id, { status: problem.status, finishedAt: now, reason: problem.reason });
          result = { key: step.key, partition, status: problem.status, rows: undefined, checks: [], reason: problem.reason, durationMs: 0 };
        } else {
          const done = ranged.get(partition) ?? (await materializePartition(services, run.id, node, partition));
          result = done.result;
          if (done.publish !== undefined) toPublish.push({ item: done.publish, result });
        }
        stepOutcomes.set(partition, result);
        if (result.status !== "published") {
          results.push(result);
          reporter.stepFinished(result);
        }
      }
      if (toPublish.length > 0) {
        // A warehouse that refuses the versions fails them (see publishVersions): so do their results.
        const { failed } = await publishVersions(services, toPublish.map((p) => p.item));
        for (const { item, result: audited } of toPublish) {
          const refused = failed.find((f) => f.item === item);
          const result: StepResult = refused === undefined ? audited : { ...audited, status: "failed", reason: refused.reason };
          stepOutcomes.set(item.partition, result);
          results.push(result);
          reporter.stepFinished(result);
        }
      }
    }
  } catch (error) {
    await recordCutShort(services, run.id, plan, error);
    observeCutShort(services, run.id, error);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
  const totals = totalsOf(results);
  if (results.some((r) => r.status === "submitted")) {
    const report: RunReport = { runId: run.id, results, totals, durationMs: performance.now() - began };
    reporter.finished(report);
    return report;
  }
  const status = totals.failed + totals.blocked + totals.skipped === 0 ? "succeeded" : totals.published > 0 ? "partial" : "failed";
  await state.finishRun(run.id, status, services.now(), { ...totals });
  const report: RunReport = { runId: run.id, results, totals, durationMs: performance.now() - began };
  reporter.finished(report);
  return report;
}
