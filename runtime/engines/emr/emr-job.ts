import { DescribeClusterCommand, DescribeStepCommand, TerminateJobFlowsCommand, CancelStepsCommand, type EMRClient, type StepConfig } from "@aws-sdk/client-emr";
import { LakeformError } from "../../core/errors.ts";
import { filesAt } from "../../storage/data-location.ts";
import type { EngineJob, JobResult, JobStatus } from "../engine-job.ts";
import { readJsonRows, type ArtifactStore } from "./artifact-store.ts";
import { writeManifest, type EmrJobManifest } from "./emr-job-manifest.ts";

/** Cluster states in which a step can still run. */
const CLUSTER_ALIVE = new Set(["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]);
/** Why a cluster ended that is no fault of the step: lost (spot) capacity or EMR itself. A new cluster runs the step again. */
const CAPACITY_LOST = new Set(["INSTANCE_FAILURE", "INSTANCE_FLEET_TIMEOUT", "INTERNAL_ERROR"]);
/** Clusters launched for one job at most (the first and two replacements). */
export const MAX_LAUNCHES = 3;

/** What a job needs from its engine: the clients, and how to launch a cluster for a step. */
export interface EmrJobContext {
  readonly emr: EMRClient;
  readonly artifacts: ArtifactStore;
  /** Launches a new cluster running `step` alone; returns its cluster and step ids. */
  readonly relaunch: (step: StepConfig, asset: string) => Promise<{ clusterId: string; stepId: string }>;
  /** `s3://…/emr/`: where EMR writes logs, for messages. */
  readonly logUri: string;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * An EMR step as an `EngineJob`: polled with `DescribeStep`; a step lost with its cluster to a
 * spot reclaim or an instance failure runs again on a new cluster (its output is a new version's
 * folder, overwritten, so nothing is duplicated and nothing was published); past the cost
 * guard's `maxRuntime` its cluster is terminated. State lives in the manifest, so any process
 * can re-attach by id.
 */
export class EmrJob implements EngineJob {
  readonly id: string;
  readonly asset: string;
  readonly estimate = undefined;
  #manifest: EmrJobManifest;
  readonly #context: EmrJobContext;

  constructor(manifest: EmrJobManifest, context: EmrJobContext) {
    this.id = manifest.jobId;
    this.asset = manifest.asset;
    this.#manifest = manifest;
    this.#context = context;
  }

  get manifest(): EmrJobManifest {
    return this.#manifest;
  }

  async #end(ended: NonNullable<EmrJobManifest["ended"]>): Promise<JobStatus> {
    this.#manifest = { ...this.#manifest, ended };
    await writeManifest(this.#context.artifacts, this.#manifest);
    return ended;
  }

  #logOf(clusterId: string, stepId: string, logFile: string | undefined): string {
    return logFile ?? `${this.#context.logUri.replace(/\/?$/, "/")}${clusterId}/steps/${stepId}/`;
  }

  async poll(): Promise<JobStatus> {
    const m = this.#manifest;
    if (m.ended !== undefined) return m.ended;
    const { emr } = this.#context;
    const step = (await emr.send(new DescribeStepCommand({ ClusterId: m.clusterId, StepId: m.stepId }))).Step;
    const state = step?.Status?.State;
    if (state === "COMPLETED") return { state: "succeeded" };
    if (state === "PENDING" || state === "RUNNING" || state === "CANCEL_PENDING") {
      const elapsed = this.#context.now().getTime() - Date.parse(m.submittedAt);
      if (m.maxRuntimeMs !== undefined && elapsed > m.maxRuntimeMs) {
        await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [m.clusterId] }));
        return this.#end({ state: "failed", error: `Asset "${m.asset}": the EMR step ${m.stepName} ran ${Math.round(elapsed / 60_000)} min, past its cost guard's maxRuntime of ${Math.round(m.maxRuntimeMs / 60_000)} min: cluster ${m.clusterId} was terminated and nothing was published. Fix: raise costGuard.maxRuntime, or make the asset cheaper (smaller partitions, a filter on the partition window).` });
      }
      return state === "PENDING" ? { state: "queued" } : { state: "running" };
    }
    // FAILED, CANCELLED or INTERRUPTED: a fault of the step, or of the cluster under it?
    const cluster = (await emr.send(new DescribeClusterCommand({ ClusterId: m.clusterId }))).Cluster;
    const reason = cluster?.Status?.StateChangeReason;
    const lost = (reason?.Code !== undefined && CAPACITY_LOST.has(reason.Code) && !CLUSTER_ALIVE.has(cluster?.Status?.State ?? "")) || state === "INTERRUPTED";
    if (lost && m.launches < MAX_LAUNCHES) {
      const script = this.#context.artifacts.uriOf(m.scriptKey);
      const relaunched = await this.#context.relaunch({ Name: m.stepName, ActionOnFailure: "CONTINUE", HadoopJarStep: { Jar: "command-runner.jar", Args: ["spark-sql", "-f", script] } }, m.asset);
      this.#manifest = { ...m, clusterId: relaunched.clusterId, stepId: relaunched.stepId, launches: m.launches + 1 };
      await writeManifest(this.#context.artifacts, this.#manifest);
      return { state: "queued" };
    }
    if (state === "CANCELLED" && !lost) return this.#end({ state: "cancelled" });
    const details = step?.Status?.FailureDetails;
    const why = lost ? `its cluster was lost ${m.launches} times (${reason?.Code}: ${reason?.Message ?? "no message"})` : `${details?.Reason ?? state ?? "it failed"}${details?.Message === undefined ? "" : `: ${details.Message}`}`;
    const log = this.#logOf(m.clusterId, m.stepId, details?.LogFile);
    return this.#end({ state: "failed", error: `Asset "${m.asset}": the EMR step ${m.stepName} (${m.stepId} on cluster ${m.clusterId}) failed: ${why}. Fix: read the step's log at ${log} (stderr), and the script at ${this.#context.artifacts.uriOf(m.scriptKey)}.` });
  }

  async wait(): Promise<JobResult> {
    let delay = 5_000;
    for (;;) {
      const status = await this.poll();
      if (status.state === "succeeded") return this.#result();
      if (status.state === "failed") throw new LakeformError(status.error);
      if (status.state === "cancelled") throw new LakeformError(`Asset "${this.asset}": job ${this.id} was cancelled (EMR step ${this.#manifest.stepId} on cluster ${this.#manifest.clusterId}); nothing it wrote is published. Fix: run it again (lakeform materialize ${this.asset}).`);
      await this.#context.sleep(delay);
      delay = Math.min(60_000, Math.round(delay * 1.5));
    }
  }

  async #result(): Promise<JobResult> {
    const partitions = [];
    for (const p of this.#manifest.partitions) {
      const rows = await readJsonRows(this.#context.artifacts, `${p.auditFolder}rows/`);
      if (rows === undefined) throw new LakeformError(`Asset "${this.asset}": the EMR step ${this.#manifest.stepName} succeeded but wrote no row count for partition ${p.partition || "(unpartitioned)"} at ${this.#context.artifacts.uriOf(`${p.auditFolder}rows/`)}. Fix: read the step's log; the script is at ${this.#context.artifacts.uriOf(this.#manifest.scriptKey)}.`);
      partitions.push({ partition: p.partition, output: filesAt(p.output), rows: Number(rows[0]?.rows ?? 0), drift: await this.#drift(p.auditFolder) });
    }
    return { partitions };
  }

  /** Columns the asset's SQL returned beyond the declaration, from the step's `columns/` row (a missing one failed the step). */
  async #drift(folder: string): Promise<{ missing: string[]; unexpected: string[] }> {
    const declared = this.#manifest.declared;
    const [shape] = (await readJsonRows(this.#context.artifacts, `${folder}columns/`)) ?? [];
    if (declared === undefined || shape === undefined) return { missing: [], unexpected: [] };
    return { missing: [], unexpected: Object.keys(shape).filter((name) => !declared.includes(name)) };
  }

  async cancel(): Promise<void> {
    const m = this.#manifest;
    if (m.ended !== undefined) return;
    await this.#context.emr.send(new CancelStepsCommand({ ClusterId: m.clusterId, StepIds: [m.stepId], StepCancellationOption: "TERMINATE_PROCESS" }));
    await this.#end({ state: "cancelled" });
  }
}
