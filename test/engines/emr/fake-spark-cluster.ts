import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { gzipSync } from "node:zlib";
import {
  AddJobFlowStepsCommand,
  CancelStepsCommand,
  DescribeClusterCommand,
  DescribeStepCommand,
  EMRClient,
  InvalidRequestException,
  ListStepsCommand,
  RunJobFlowCommand,
  TerminateJobFlowsCommand,
  type StepConfig,
} from "@aws-sdk/client-emr";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mockClient } from "aws-sdk-client-mock";
import { localPathOfS3 } from "./local-s3-paths.ts";
import { runSparkScript, StepCancelled } from "./spark-step-runner.ts";

type StepState = "PENDING" | "RUNNING" | "CANCEL_PENDING" | "COMPLETED" | "CANCELLED" | "FAILED";

interface FakeStep {
  readonly id: string;
  readonly config: StepConfig;
  state: StepState;
  failure?: { readonly Reason: string; readonly Message: string; readonly LogFile: string };
  connection: DuckDBConnection | undefined;
  run?: Promise<void>;
  cancelled: boolean;
}

interface FakeCluster {
  readonly id: string;
  readonly name: string;
  readonly logUri: string;
  readonly keepAlive: boolean;
  readonly steps: FakeStep[];
  terminated?: { readonly Code: string; readonly Message: string };
}

const ENDED = new Set<StepState>(["COMPLETED", "CANCELLED", "FAILED"]);
/** How long `settled` waits at most for a running step, so a poll loop never hangs on one. */
const SETTLE_LIMIT_MS = 2_000;

const invalid = (message: string) => new InvalidRequestException({ message, $metadata: {} });

/**
 * EMR at its API boundary, with Spark replaced by DuckDB: an `EMRClient` mocked with
 * aws-sdk-client-mock answering RunJobFlow, AddJobFlowSteps, ListSteps, DescribeStep,
 * DescribeCluster, CancelSteps and TerminateJobFlows as EMR does, where a step's
 * `command-runner.jar spark-sql -f s3://…` script is read from the local folder standing for S3
 * (`<root>/bucket/key`) and run for real on an in-memory DuckDB ({@link runSparkScript}).
 *
 * Deterministic: a cluster runs one step at a time, in order, and a step starts only when a
 * `DescribeStep` of its cluster asks (or {@link advance} is called) — its first answer is then
 * `RUNNING`, later ones `COMPLETED` or `FAILED` (with `FailureDetails`: the reason, the error as
 * message, and the step's `stderr.gz` under the cluster's LogUri, written there). A cluster without
 * `KeepJobFlowAliveWhenNoSteps` terminates when its last step ended (`ALL_STEPS_COMPLETED`).
 * CancelSteps cancels a pending step, and interrupts a running one.
 */
export class FakeSparkCluster {
  /** The client to give the engine: every request is answered here (assertions: {@link mock}). */
  readonly client = new EMRClient({ region: "eu-west-1", credentials: { accessKeyId: "fake", secretAccessKey: "fake" } });
  readonly mock = mockClient(this.client);
  readonly clusters = new Map<string, FakeCluster>();
  readonly #root: string;
  readonly #duckdb: DuckDBInstance;
  #steps = 0;

  private constructor(root: string, duckdb: DuckDBInstance) {
    this.#root = root;
    this.#duckdb = duckdb;
    this.mock.on(RunJobFlowCommand).callsFake((input) => {
      const id = `j-FAKE${String(this.clusters.size + 1).padStart(8, "0")}`;
      const cluster: FakeCluster = { id, name: input.Name ?? id, logUri: input.LogUri ?? "s3://no-log-uri/", keepAlive: input.Instances?.KeepJobFlowAliveWhenNoSteps === true, steps: [] };
      this.clusters.set(id, cluster);
      this.#add(cluster, input.Steps ?? []);
      return { JobFlowId: id, ClusterArn: `arn:aws:elasticmapreduce:eu-west-1:123456789012:cluster/${id}` };
    });
    this.mock.on(AddJobFlowStepsCommand).callsFake((input) => {
      const cluster = this.#cluster(input.JobFlowId);
      if (this.#state(cluster).startsWith("TERMINAT")) throw new InvalidRequestException({ message: "A job flow that is shutting down, terminated, or finished may not be modified.", $metadata: {} });
      return { StepIds: this.#add(cluster, input.Steps ?? []) };
    });
    this.mock.on(ListStepsCommand).callsFake((input) => ({ Steps: [...this.#cluster(input.ClusterId).steps].reverse().map((s) => ({ Id: s.id, Name: s.config.Name, ActionOnFailure: s.config.ActionOnFailure, Status: { State: s.state } })) }));
    this.mock.on(DescribeStepCommand).callsFake((input) => {
      const cluster = this.#cluster(input.ClusterId);
      const step = cluster.steps.find((s) => s.id === input.StepId);
      if (step === undefined) throw invalid(`Step id '${input.StepId}' is not valid.`);
      this.#advance(cluster);
      return { Step: { Id: step.id, Name: step.config.Name, ActionOnFailure: step.config.ActionOnFailure, Config: { Jar: step.config.HadoopJarStep?.Jar, Args: step.config.HadoopJarStep?.Args }, Status: { State: step.state, ...(step.failure === undefined ? {} : { FailureDetails: step.failure }) } } };
    });
    this.mock.on(DescribeClusterCommand).callsFake((input) => {
      const cluster = this.#cluster(input.ClusterId);
      const state = this.#state(cluster);
      const reason = cluster.terminated ?? (state === "TERMINATED" ? { Code: "ALL_STEPS_COMPLETED", Message: "Steps completed" } : undefined);
      return { Cluster: { Id: cluster.id, Name: cluster.name, LogUri: cluster.logUri, Status: { State: state, ...(reason === undefined ? {} : { StateChangeReason: reason }) } } };
    });
    this.mock.on(CancelStepsCommand).callsFake((input) => {
      const cluster = this.#cluster(input.ClusterId);
      return {
        CancelStepsInfoList: (input.StepIds ?? []).map((id: string) => {
          const step = cluster.steps.find((s) => s.id === id);
          if (step === undefined || ENDED.has(step.state)) return { StepId: id, Status: "FAILED" as const, Reason: "Step is not in a cancellable state." };
          if (step.state === "RUNNING" && input.StepCancellationOption !== "TERMINATE_PROCESS") return { StepId: id, Status: "FAILED" as const, Reason: "A running step is cancelled only with TERMINATE_PROCESS." };
          this.#cancel(step);
          return { StepId: id, Status: "SUBMITTED" as const };
        }),
      };
    });
    this.mock.on(TerminateJobFlowsCommand).callsFake((input) => {
      for (const id of input.JobFlowIds ?? []) {
        const cluster = this.#cluster(id);
        cluster.terminated ??= { Code: "USER_REQUEST", Message: "Terminated by user request" };
        for (const step of cluster.steps) if (!ENDED.has(step.state)) this.#cancel(step);
      }
      return {};
    });
  }

  /** A fake cluster over `root`, the local folder standing for S3 (`s3://bucket/key` ↔ `<root>/bucket/key`). */
  static async create(root: string): Promise<FakeSparkCluster> {
    return new FakeSparkCluster(root, await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "256MB" }));
  }

  /** The local path of an `s3://` URI. */
  pathOf(uri: string): string {
    return localPathOfS3(this.#root, uri);
  }

  /** Starts the next pending step of every cluster with none running, as a DescribeStep would. */
  advance(): void {
    for (const cluster of this.clusters.values()) this.#advance(cluster);
  }

  /** Resolves when no step runs any more, or after `limitMs` (at most {@link SETTLE_LIMIT_MS}): the engine's `sleep` between polls. */
  async settled(limitMs = SETTLE_LIMIT_MS): Promise<void> {
    const running = [...this.clusters.values()].flatMap((c) => c.steps).flatMap((s) => (s.run === undefined || ENDED.has(s.state) ? [] : [s.run]));
    if (running.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(running), new Promise((resolve) => (timer = setTimeout(resolve, Math.min(limitMs, SETTLE_LIMIT_MS))))]);
    clearTimeout(timer);
  }

  /** Every step of every cluster, in submission order: its name, script and state. */
  steps(): { readonly cluster: string; readonly id: string; readonly name: string | undefined; readonly state: StepState }[] {
    return [...this.clusters.values()].flatMap((c) => c.steps.map((s) => ({ cluster: c.id, id: s.id, name: s.config.Name, state: s.state })));
  }

  /** Interrupts what still runs, waits for it, and closes DuckDB. */
  async close(): Promise<void> {
    const steps = [...this.clusters.values()].flatMap((c) => c.steps);
    for (const step of steps) if (!ENDED.has(step.state)) this.#cancel(step);
    await Promise.all(steps.map((s) => s.run));
    this.mock.restore();
    this.#duckdb.closeSync();
  }

  #cluster(id: string | undefined): FakeCluster {
    const cluster = id === undefined ? undefined : this.clusters.get(id);
    if (cluster === undefined) throw invalid(`Cluster id '${id}' is not valid.`);
    return cluster;
  }

  #state(cluster: FakeCluster): string {
    const busy = cluster.steps.some((s) => !ENDED.has(s.state));
    if (cluster.terminated !== undefined) return busy ? "TERMINATING" : cluster.terminated.Code === "USER_REQUEST" || cluster.terminated.Code === "ALL_STEPS_COMPLETED" ? "TERMINATED" : "TERMINATED_WITH_ERRORS";
    if (busy) return cluster.steps.some((s) => s.run !== undefined) ? "RUNNING" : "STARTING";
    return cluster.keepAlive ? "WAITING" : "TERMINATED";
  }

  #add(cluster: FakeCluster, configs: readonly StepConfig[]): string[] {
    return configs.map((config) => {
      const step: FakeStep = { id: `s-FAKE${String(++this.#steps).padStart(8, "0")}`, config, state: "PENDING", cancelled: false, connection: undefined };
      cluster.steps.push(step);
      return step.id;
    });
  }

  #advance(cluster: FakeCluster): void {
    if (cluster.steps.some((s) => s.state === "RUNNING" || s.state === "CANCEL_PENDING")) return;
    const next = cluster.steps.find((s) => s.state === "PENDING");
    if (next === undefined) return;
    next.state = "RUNNING";
    next.run = this.#run(cluster, next);
  }

  async #run(cluster: FakeCluster, step: FakeStep): Promise<void> {
    try {
      const args = step.config.HadoopJarStep?.Args ?? [];
      const file = args[0] === "spark-sql" && args[1] === "-f" ? args[2] : undefined;
      if (step.config.HadoopJarStep?.Jar !== "command-runner.jar" || file === undefined) throw new Error(`the fake Spark cluster runs only command-runner.jar spark-sql -f <script>, not ${step.config.HadoopJarStep?.Jar} ${args.join(" ")}`);
      const script = await readFile(this.pathOf(file), "utf8").catch(() => {
        throw new Error(`java.io.FileNotFoundException: ${file} (No such file or directory)`);
      });
      step.connection = await this.#duckdb.connect();
      await runSparkScript(script, { connection: step.connection, pathOf: (uri) => this.pathOf(uri), cancelled: () => step.cancelled });
      step.state = step.cancelled ? "CANCELLED" : "COMPLETED";
    } catch (error) {
      if (step.cancelled || error instanceof StepCancelled) step.state = "CANCELLED";
      else {
        step.state = "FAILED";
        const message = error instanceof Error ? error.message : String(error);
        const logFile = `${cluster.logUri.replace(/\/?$/, "/")}${cluster.id}/steps/${step.id}/stderr.gz`;
        step.failure = { Reason: "Unknown Error", Message: message, LogFile: logFile };
        await this.#writeLog(logFile, `Error in query: ${message}\n`);
      }
    } finally {
      step.connection?.closeSync();
      step.connection = undefined;
    }
  }

  /** Writes a step's log where EMR puts it (gzipped, under the cluster's LogUri). */
  async #writeLog(uri: string, text: string): Promise<void> {
    const path = this.pathOf(uri);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, gzipSync(text));
  }

  #cancel(step: FakeStep): void {
    step.cancelled = true;
    if (step.state === "PENDING") {
      step.state = "CANCELLED";
      return;
    }
    step.state = "CANCEL_PENDING";
    // An interrupt between two statements is lost: repeat it until the step has stopped.
    const interrupt = () => step.connection?.interrupt();
    interrupt();
    const again = setInterval(interrupt, 20);
    void step.run?.finally(() => clearInterval(again));
  }
}
