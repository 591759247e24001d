import { hostname } from "node:os";
import { parentPartitions } from "../partitions/partition-keys.ts";
import type { MaterializationPlan, PlanStep } from "./materialization-plan.ts";
import { materializePartition, type PublishItem } from "./materialize-partition.ts";
import { HEARTBEAT_MS, isRunAlive } from "./process-liveness.ts";
import type { ProgressReporter } from "./progress-reporter.ts";
import { totalsOf, type RunReport, type StepResult } from "./run-report.ts";
import type { RunServices } from "./run-services.ts";
import { newRunId } from "./version-id.ts";
import type { RunTrigger } from "../state/records.ts";

/** Why a child partition cannot run: a partition it reads failed, was blocked or skipped in this run. */
function upstreamProblem(services: RunServices, step: PlanStep, partition: string, outcomes: ReadonlyMap<string, Map<string, StepResult>>): string | undefined {
  const node = services.graph.get(step.key);
  for (const dependency of node.dependencies) {
    const parentOutcomes = outcomes.get(dependency.key);
    if (parentOutcomes === undefined) continue;
    const parent = services.graph.get(dependency.key);
    const read = parentPartitions(node.partitions, partition, parent.partitions, dependency.partitions);
    for (const [parentPartition, result] of parentOutcomes) {
      if (result.status === "published") continue;
      if (read === "all" || read.includes(parentPartition)) {
        return `upstream "${dependency.key}"${parentPartition === "" ? "" : ` partition ${parentPartition}`} ${result.status === "skipped" ? "was skipped" : result.status === "blocked" ? "was blocked by its checks" : "failed"}`;
      }
    }
  }
  return undefined;
}

/**
 * Executes a plan: assets in dependency order, each partition through write-audit-publish,
 * the passing partitions of an asset published together in one transaction. A partition whose
 * inputs failed, were blocked or skipped in this run is skipped with the reason. Runs left
 * `running` by a dead process are failed first, so an interrupted run converges.
 */
export async function executePlan(services: RunServices, plan: MaterializationPlan, reporter: ProgressReporter, trigger: RunTrigger = "manual"): Promise<RunReport> {
  const { state } = services;
  const began = performance.now();
  await state.failAbandoned((run) => isRunAlive(run, services.now()), services.now());
  const run = await state.createRun({ id: newRunId(services.now()), selection: plan.selection, trigger, startedAt: services.now(), pid: process.pid, host: hostname() });
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
      for (const partition of step.partitions) {
        reporter.stepStarted(step.key, partition);
        const skipReason = upstreamProblem(services, step, partition, outcomes);
        let result: StepResult;
        if (skipReason !== undefined) {
          const now = services.now();
          const record = await state.startMaterialisation({ runId: run.id, asset: step.key, partition, version: "-", fingerprint: node.fingerprint, startedAt: now });
          await state.finishMaterialisation(record.id, { status: "skipped", finishedAt: now, reason: skipReason });
          result = { key: step.key, partition, status: "skipped", rows: undefined, checks: [], reason: skipReason, durationMs: 0 };
        } else {
          const done = await materializePartition(services, run.id, node, partition);
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
        await state.publish(toPublish.map((p) => p.item), services.now());
        for (const { result } of toPublish) {
          results.push(result);
          reporter.stepFinished(result);
        }
      }
    }
  } finally {
    clearInterval(heartbeat);
  }
  const totals = totalsOf(results);
  const status = totals.failed + totals.blocked + totals.skipped === 0 ? "succeeded" : totals.published > 0 ? "partial" : "failed";
  await state.finishRun(run.id, status, services.now(), { ...totals });
  const report: RunReport = { runId: run.id, results, totals, durationMs: performance.now() - began };
  reporter.finished(report);
  return report;
}
