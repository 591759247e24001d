import { AddJobFlowStepsCommand, DescribeClusterCommand, ListStepsCommand, RunJobFlowCommand, type EMRClient, type StepConfig } from "@aws-sdk/client-emr";
import type { AuditPlan } from "../../core/checks/audit-plan.ts";
import { readAudit, type ResultRow, type StatementResult } from "../../core/checks/read-audit.ts";
import { parseDuration } from "../../core/declare/duration.ts";
import { LakeformError } from "../../core/errors.ts";
import { windowOf } from "../../core/partitions/time-window.ts";
import { formatProblem } from "../../core/problem.ts";
import { sparkDialect } from "../../core/sql/dialects.ts";
import { auditContext } from "../audit-context.ts";
import type { AuditRequest, AuditResult, Engine, EngineRequest, InputRelation, QueryResult } from "../engine.ts";
import type { EngineJob, SubmitOptions } from "../engine-job.ts";
import { jobIdOf } from "../job-id.ts";
import { publishedColumns } from "../published-columns.ts";
import { readJsonRows, type ArtifactStore } from "./artifact-store.ts";
import { auditFolder } from "./audit-folder.ts";
import { EmrJob, type EmrJobContext } from "./emr-job.ts";
import { readManifest, writeManifest, type EmrJobManifest } from "./emr-job-manifest.ts";
import type { EmrSettings } from "./emr-settings.ts";
import { runJobFlowInput, sparkSqlStep } from "./run-job-flow-input.ts";
import { sparkStep } from "./spark-step-sql.ts";

const ALIVE = new Set(["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]);

/** What the EMR engine is built from: the EMR API, the artifacts bucket, the stack's cluster settings, and a clock. */
export interface EmrEngineOptions {
  readonly emr: EMRClient;
  readonly artifacts: ArtifactStore;
  readonly settings: EmrSettings;
  /** @default the system clock */
  readonly now?: () => Date;
  /** How `wait()` sleeps between polls (tests pass one that returns at once). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Spark SQL on ephemeral EMR clusters. `submit` uploads one step script per job (compute and
 * audit, see `sparkStep`) to the artifacts bucket and runs it with `command-runner.jar
 * spark-sql -f`: on the cluster this engine launched for the tick when it still runs (assets due
 * together share it, steps in submission order, a failed step not stopping the others), else
 * on a new cluster (`runJobFlowInput`: spot core fleets, no waiting for more steps, an idle
 * timeout). Jobs do not complete inline: a tick records their ids and later ticks re-attach
 * (`attach`) through the manifest kept in the artifacts bucket. `audit` reads back what the step
 * wrote and judges it with the same `readAudit` as every engine.
 */
export class EmrEngine implements Engine {
  readonly name = "emr";
  readonly dialect = sparkDialect;
  readonly completesInline = false;
  readonly writes = "store-folder";
  readonly #options: EmrEngineOptions;
  readonly #context: EmrJobContext;
  /** The cluster launched by this engine (one tick), while steps may still be added to it. */
  #cluster: string | undefined;

  constructor(options: EmrEngineOptions) {
    this.#options = options;
    this.#context = {
      emr: options.emr,
      artifacts: options.artifacts,
      logUri: options.settings.logUri,
      now: options.now ?? (() => new Date()),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      relaunch: (step, asset) => this.#launch(step, [asset]),
    };
  }

  async #launch(step: StepConfig, assets: readonly string[]): Promise<{ clusterId: string; stepId: string }> {
    const { emr, settings } = this.#options;
    const input = runJobFlowInput(settings, { name: `lakeform-${settings.environment}-${this.#context.now().toISOString().slice(0, 16).replace(/[-:]/g, "")}`, assets, steps: [step] });
    const clusterId = (await emr.send(new RunJobFlowCommand(input))).JobFlowId;
    if (clusterId === undefined) throw new LakeformError(`EMR: RunJobFlow returned no cluster id for ${assets.join(", ")}. Fix: check the runtime role may elasticmapreduce:RunJobFlow, then run again.`);
    const steps = (await emr.send(new ListStepsCommand({ ClusterId: clusterId }))).Steps ?? [];
    const stepId = steps.find((s) => s.Name === step.Name)?.Id;
    if (stepId === undefined) throw new LakeformError(`EMR: cluster ${clusterId} was launched but lists no step ${step.Name}. Fix: look at the cluster in the EMR console; it terminates by itself when idle.`);
    this.#cluster = clusterId;
    return { clusterId, stepId };
  }

  async #place(step: StepConfig, asset: string): Promise<{ clusterId: string; stepId: string }> {
    const { emr } = this.#options;
    if (this.#cluster !== undefined) {
      const state = (await emr.send(new DescribeClusterCommand({ ClusterId: this.#cluster }))).Cluster?.Status?.State;
      if (state !== undefined && ALIVE.has(state)) {
        const added = await emr.send(new AddJobFlowStepsCommand({ JobFlowId: this.#cluster, Steps: [step] }));
        const stepId = added.StepIds?.[0];
        if (stepId !== undefined) return { clusterId: this.#cluster, stepId };
      }
    }
    return this.#launch(step, [asset]);
  }

  async submit(request: EngineRequest, _options?: SubmitOptions): Promise<EngineJob> {
    const jobId = jobIdOf(request);
    const known = await readManifest(this.#options.artifacts, jobId);
    if (known !== undefined) return new EmrJob(known, this.#context);
    const { node } = request;
    const targets = request.auditTargets ?? new Map<string, InputRelation>();
    const step = await sparkStep(node, request.partitions.map((p) => ({ ...p, targets })), (key) => this.#options.artifacts.uriOf(key));
    if (step.problems.length > 0) throw new LakeformError(`Asset "${node.key}" cannot run on EMR (${step.problems.length} ${step.problems.length === 1 ? "problem" : "problems"}):\n${step.problems.map((p) => ` - ${formatProblem(p)}`).join("\n")}`);
    const scriptKey = `runs/${jobId}/step.sql`;
    await this.#options.artifacts.put(scriptKey, step.sql);
    for (const audit of step.audits) await this.#options.artifacts.put(`${audit.folder}plan.json`, JSON.stringify(audit.plan));
    const stepName = jobId;
    const placed = await this.#place(sparkSqlStep(stepName, this.#options.artifacts.uriOf(scriptKey)), node.key);
    const maxRuntime = node.costGuard?.maxRuntime === undefined ? undefined : parseDuration(node.costGuard.maxRuntime);
    const manifest: EmrJobManifest = {
      jobId,
      asset: node.key,
      stepName,
      scriptKey,
      clusterId: placed.clusterId,
      stepId: placed.stepId,
      launches: 1,
      submittedAt: this.#context.now().toISOString(),
      ...(maxRuntime === undefined ? {} : { maxRuntimeMs: maxRuntime }),
      declared: publishedColumns(node.columns).map(([name]) => name),
      partitions: request.partitions.map((p) => {
        const output = p.output.kind === "files" ? p.output.uri : p.output.table;
        return { partition: p.partition, output, auditFolder: auditFolder(output) };
      }),
    };
    await writeManifest(this.#options.artifacts, manifest);
    return new EmrJob(manifest, this.#context);
  }

  async attach(jobId: string): Promise<EngineJob | undefined> {
    const manifest = await readManifest(this.#options.artifacts, jobId);
    return manifest === undefined ? undefined : new EmrJob(manifest, this.#context);
  }

  async audit(request: AuditRequest): Promise<AuditResult> {
    const { node } = request;
    const staged = request.files[0];
    if (staged === undefined || staged.kind !== "files") throw new LakeformError(`Asset "${node.key}": no staged files to audit for partition ${request.partition || "(unpartitioned)"}. Fix: materialise it again.`);
    const folder = auditFolder(staged.uri);
    const { artifacts } = this.#options;
    const planText = await artifacts.get(`${folder}plan.json`);
    if (planText === undefined) throw new LakeformError(`Asset "${node.key}": the audit plan of ${staged.uri} is missing from ${artifacts.uriOf(folder)}. Fix: materialise it again (the EMR step audits what it writes).`);
    const plan = JSON.parse(planText) as AuditPlan;
    const [scan] = (await readJsonRows(artifacts, `${folder}scan/`)) ?? [];
    if (scan === undefined) throw new LakeformError(`Asset "${node.key}": the EMR step wrote no audit scan at ${artifacts.uriOf(`${folder}scan/`)}. Fix: read the step's log; then materialise it again.`);
    const queries = new Map<string, StatementResult<ResultRow>>();
    const samples = new Map<string, StatementResult<readonly ResultRow[]>>();
    let statements = 1;
    for (const [i, planned] of plan.checks.entries()) {
      if (planned.answer.kind === "query") {
        const rows = await readJsonRows(artifacts, `${folder}q${i}/`);
        queries.set(planned.check.name, rows === undefined ? { error: "its query wrote no result (see the step's log)" } : { ok: rows[0] ?? {} });
        statements++;
      }
      if (planned.sample !== undefined) {
        const rows = await readJsonRows(artifacts, `${folder}s${i}/`);
        if (rows !== undefined) samples.set(planned.check.name, { ok: rows });
      }
    }
    const partitions = node.partitions;
    const window = partitions?.kind === "time" && request.partition !== "" ? windowOf(partitions, request.partition) : undefined;
    return { ...readAudit(plan, { scan, queries, samples }, auditContext(request, window)), queries: statements };
  }

  async query(): Promise<QueryResult> {
    throw new LakeformError("EMR runs materialisations, not ad-hoc queries. Fix: query published data with `lakeform query` (DuckDB), or with Athena over the Glue catalog.");
  }

  async close(): Promise<void> {
    this.#cluster = undefined;
  }
}
