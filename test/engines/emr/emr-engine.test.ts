import "aws-sdk-client-mock-vitest/extend";
import { AddJobFlowStepsCommand, CancelStepsCommand, DescribeClusterCommand, DescribeStepCommand, EMRClient, ListStepsCommand, RunJobFlowCommand, TerminateJobFlowsCommand } from "@aws-sdk/client-emr";
import { mockClient } from "aws-sdk-client-mock";
import { asset, buildAssetGraph, col, daily, partitionEnd, partitionStart, ref, sql } from "lakeform";
import { beforeEach, describe, expect, it } from "vitest";
import { SparkSQL } from "dt-sql-parser/dist/parser/spark/index.js";
import { windowOf } from "../../../runtime/core/partitions/time-window.ts";
import { EmrEngine } from "../../../runtime/engines/emr/emr-engine.ts";
import type { EmrSettings } from "../../../runtime/engines/emr/emr-settings.ts";
import type { EngineRequest, InputRelation } from "../../../runtime/engines/engine.ts";
import { filesAt } from "../../../runtime/storage/data-location.ts";
import { MemoryArtifacts } from "./memory-artifacts.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const orders = asset("clean/orders", { owners: ["team:data"], columns: { order_id: col.int64().primaryKey(), day: col.date(), amount: col.decimal(10, 2) }, compute: sql`select 1 as order_id, date '2024-01-01' as day, 1.00 as amount` });
const revenue = asset("curated/revenue", {
  owners: ["team:data"],
  columns: { day: col.date().primaryKey(), orders: col.int64(), total: col.decimal(14, 2) },
  partitions: daily({ start: "2024-01-01", timezone: "Europe/Berlin" }),
  compute: sql`select day, count(*) filter (where amount > 0) as orders, sum(amount) as total from ${ref(orders)} where day >= ${partitionStart} and day < ${partitionEnd} and 'it''s' <> 'x' group by day`,
  checks: (c) => [c.range("total", { min: 0 }), c.sql("no_negative_orders", sql`select day from ${ref(orders)} where amount < 0`)],
  costGuard: { maxRuntime: "30m" },
  engine: "emr",
});
const graph = buildAssetGraph([orders, revenue]);

const settings: EmrSettings = {
  environment: "prod",
  releaseLabel: "emr-7.5.0",
  instanceTypes: ["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"],
  coreNodes: 2,
  spot: true,
  serviceRole: "arn:aws:iam::123456789012:role/lf-prod-emr-service",
  instanceProfile: "arn:aws:iam::123456789012:instance-profile/lf-prod-emr-nodes",
  securityConfiguration: "lf-prod-emr",
  subnetIds: ["subnet-a", "subnet-b"],
  logUri: "s3://lf-prod-logs-123456789012/emr/",
};

const ordersInput: InputRelation = { key: "clean/orders", files: [filesAt("s3://lf-prod-clean-1/clean/orders/v-7/")], columns: graph.get("clean/orders").columns, hasLoadMetadata: false };

function request(days: readonly string[], attempt = 1): EngineRequest {
  const node = graph.get("curated/revenue");
  const spec = node.partitions;
  if (spec?.kind !== "time") throw new Error("time partitions expected");
  return {
    node,
    attempt,
    partitions: days.map((day) => ({ partition: day, window: windowOf(spec, day), inputs: new Map([["clean/orders", ordersInput]]), output: filesAt(`s3://lf-prod-curated-1/curated/revenue/dt=${day}/v-${attempt}/`) })),
    auditTargets: new Map([["clean/orders", ordersInput]]),
  };
}

describe("the EMR engine", () => {
  const emr = mockClient(EMRClient);
  let artifacts: MemoryArtifacts;
  let now: Date;
  let engine: EmrEngine;
  let clusters: number;

  beforeEach(() => {
    emr.reset();
    artifacts = new MemoryArtifacts();
    now = new Date("2024-01-02T05:00:00Z");
    clusters = 0;
    emr.on(RunJobFlowCommand).callsFake(() => ({ JobFlowId: `j-CLUSTER${++clusters}` }));
    emr.on(ListStepsCommand).callsFake((input) => ({ Steps: [{ Id: `s-FIRST${input.ClusterId}`, Name: (emr.commandCalls(RunJobFlowCommand).at(-1)?.args[0].input.Steps ?? [])[0]?.Name }] }));
    emr.on(DescribeClusterCommand).resolves({ Cluster: { Status: { State: "RUNNING" } } });
    engine = new EmrEngine({ emr: new EMRClient({ region: "eu-west-1" }), artifacts, settings, now: () => now, sleep: async () => {} });
  });

  it("launches an ephemeral spot cluster: fleets, no waiting for more steps, the stack's roles, tags", async () => {
    const job = await engine.submit(request(["2024-01-01"]));
    expect(emr).toHaveReceivedCommandWith(RunJobFlowCommand, {
      ReleaseLabel: "emr-7.5.0",
      Applications: [{ Name: "Spark" }],
      ServiceRole: settings.serviceRole,
      JobFlowRole: settings.instanceProfile,
      SecurityConfiguration: "lf-prod-emr",
      LogUri: settings.logUri,
      AutoTerminationPolicy: { IdleTimeout: 600 },
      Instances: expect.objectContaining({
        KeepJobFlowAliveWhenNoSteps: false,
        Ec2SubnetIds: ["subnet-a", "subnet-b"],
        InstanceFleets: [
          expect.objectContaining({ InstanceFleetType: "MASTER", TargetOnDemandCapacity: 1 }),
          expect.objectContaining({
            InstanceFleetType: "CORE",
            TargetSpotCapacity: 2,
            InstanceTypeConfigs: [{ InstanceType: "m7g.xlarge", WeightedCapacity: 1 }, { InstanceType: "m6g.xlarge", WeightedCapacity: 1 }, { InstanceType: "r7g.xlarge", WeightedCapacity: 1 }],
            LaunchSpecifications: expect.objectContaining({ SpotSpecification: { TimeoutDurationMinutes: 10, TimeoutAction: "SWITCH_TO_ON_DEMAND", AllocationStrategy: "price-capacity-optimized" } }),
          }),
        ],
      }),
      Steps: [{ Name: job.id, ActionOnFailure: "CONTINUE", HadoopJarStep: { Jar: "command-runner.jar", Args: ["spark-sql", "-f", `s3://lf-test-artifacts-1/runs/${job.id}/step.sql`] } }],
      Tags: expect.arrayContaining([{ Key: "lakeform:environment", Value: "prod" }, { Key: "lakeform:assets", Value: "curated/revenue" }]),
    });
  });

  it("uploads a step script Spark's grammar accepts: views over the parents, the version written, the audit written to artifacts", async () => {
    const job = await engine.submit(request(["2024-01-01"]));
    const script = artifacts.objects.get(`runs/${job.id}/step.sql`) ?? "";
    if (process.env.SHOW_STEP) console.log(script);
    expect(script).toContain("CREATE OR REPLACE TEMPORARY VIEW `lf_clean__orders` AS\nSELECT `order_id`, `day`, `amount` FROM parquet.`s3://lf-prod-clean-1/clean/orders/v-7/`;");
    expect(script).toContain("INSERT OVERWRITE DIRECTORY 's3://lf-prod-curated-1/curated/revenue/dt=2024-01-01/v-1/' USING parquet");
    expect(script).toContain("SET spark.sql.session.timeZone = Europe/Berlin;");
    // The window's bounds inlined as wall-clock literals in the partitions' zone; quotes escaped.
    expect(script).toContain("TIMESTAMP '2024-01-01 00:00:00'");
    expect(script).toContain("TIMESTAMP '2024-01-02 00:00:00'");
    expect(script).toMatch(/INSERT OVERWRITE DIRECTORY 's3:\/\/lf-test-artifacts-1\/audits\/[0-9a-f]{24}\/scan\/' USING json/);
    expect(script).not.toMatch(/:p\d/);
    const statements = script.split(/;\n/).map((s) => s.replace(/^(--[^\n]*\n)+/, "").trim()).filter((s) => s !== "" && !s.startsWith("SET "));
    const parser = new SparkSQL();
    for (const statement of statements) expect([statement, parser.validate(statement)]).toEqual([statement, []]);
  });

  it("polls the step to success and reads each partition's row count", async () => {
    emr.on(DescribeStepCommand).resolvesOnce({ Step: { Status: { State: "PENDING" } } }).resolvesOnce({ Step: { Status: { State: "RUNNING" } } }).resolves({ Step: { Status: { State: "COMPLETED" } } });
    const job = await engine.submit(request(["2024-01-01"]));
    const folder = [...artifacts.objects.keys()].find((k) => k.endsWith("/plan.json"))?.replace("plan.json", "") ?? "";
    artifacts.writeJson(`${folder}rows/`, [{ rows: 42 }]);
    expect(await job.poll()).toEqual({ state: "queued" });
    const result = await job.wait();
    expect(result.partitions).toEqual([{ partition: "2024-01-01", output: filesAt("s3://lf-prod-curated-1/curated/revenue/dt=2024-01-01/v-1/"), rows: 42, drift: { missing: [], unexpected: [] } }]);
  });

  it("names the failed step, its reason and its log", async () => {
    emr.on(DescribeStepCommand).resolves({ Step: { Status: { State: "FAILED", FailureDetails: { Reason: "Unknown error", Message: "AnalysisException: Column 'amout' does not exist", LogFile: "s3://lf-prod-logs-123456789012/emr/j-CLUSTER1/steps/s-FIRSTj-CLUSTER1/stderr.gz" } } } });
    emr.on(DescribeClusterCommand).resolves({ Cluster: { Status: { State: "TERMINATED", StateChangeReason: { Code: "ALL_STEPS_COMPLETED" } } } });
    const job = await engine.submit(request(["2024-01-01"]));
    await expect(job.wait()).rejects.toThrow(`Asset "curated/revenue": the EMR step ${job.id} (s-FIRSTj-CLUSTER1 on cluster j-CLUSTER1) failed: Unknown error: AnalysisException: Column 'amout' does not exist. Fix: read the step's log at s3://lf-prod-logs-123456789012/emr/j-CLUSTER1/steps/s-FIRSTj-CLUSTER1/stderr.gz (stderr), and the script at s3://lf-test-artifacts-1/runs/${job.id}/step.sql.`);
    // Re-attached from another process, it reports the same, without asking EMR again.
    emr.resetHistory();
    const again = await engine.attach(job.id);
    expect(await again?.poll()).toMatchObject({ state: "failed" });
    expect(emr).not.toHaveReceivedCommand(DescribeStepCommand);
  });

  it("runs the step again on a new cluster when spot capacity is lost, writing the same version folder", async () => {
    emr.on(DescribeStepCommand, { ClusterId: "j-CLUSTER1" }).resolves({ Step: { Status: { State: "CANCELLED" } } });
    emr.on(DescribeClusterCommand, { ClusterId: "j-CLUSTER1" }).resolves({ Cluster: { Status: { State: "TERMINATED_WITH_ERRORS", StateChangeReason: { Code: "INSTANCE_FAILURE", Message: "Spot instances were reclaimed" } } } });
    emr.on(DescribeStepCommand, { ClusterId: "j-CLUSTER2" }).resolves({ Step: { Status: { State: "COMPLETED" } } });
    const job = await engine.submit(request(["2024-01-01"]));
    expect(await job.poll()).toEqual({ state: "queued" });
    expect(emr).toHaveReceivedCommandTimes(RunJobFlowCommand, 2);
    const first = emr.commandCalls(RunJobFlowCommand)[0]?.args[0].input.Steps;
    const second = emr.commandCalls(RunJobFlowCommand)[1]?.args[0].input.Steps;
    expect(second).toEqual(first);
    const reattached = await engine.attach(job.id);
    expect(await reattached?.poll()).toEqual({ state: "succeeded" });
  });

  it("gives up after three clusters lost", async () => {
    emr.on(DescribeStepCommand).resolves({ Step: { Status: { State: "INTERRUPTED" } } });
    emr.on(DescribeClusterCommand).resolves({ Cluster: { Status: { State: "TERMINATED_WITH_ERRORS", StateChangeReason: { Code: "INSTANCE_FAILURE", Message: "Spot instances were reclaimed" } } } });
    const job = await engine.submit(request(["2024-01-01"]));
    expect(await job.poll()).toEqual({ state: "queued" });
    expect(await job.poll()).toEqual({ state: "queued" });
    expect(await job.poll()).toMatchObject({ state: "failed", error: expect.stringContaining("its cluster was lost 3 times (INSTANCE_FAILURE: Spot instances were reclaimed)") });
    expect(emr).toHaveReceivedCommandTimes(RunJobFlowCommand, 3);
  });

  it("shares one cluster between the assets submitted in one tick", async () => {
    emr.on(AddJobFlowStepsCommand).resolves({ StepIds: ["s-SECOND"] });
    const first = await engine.submit(request(["2024-01-01"]));
    const second = await engine.submit(request(["2024-01-02"]));
    expect(emr).toHaveReceivedCommandTimes(RunJobFlowCommand, 1);
    expect(emr).toHaveReceivedCommandWith(AddJobFlowStepsCommand, { JobFlowId: "j-CLUSTER1", Steps: [expect.objectContaining({ Name: second.id, ActionOnFailure: "CONTINUE" })] });
    expect(first.id).not.toBe(second.id);
    // Once the cluster is gone, the next submission launches another.
    emr.on(DescribeClusterCommand).resolves({ Cluster: { Status: { State: "TERMINATED" } } });
    await engine.submit(request(["2024-01-03"]));
    expect(emr).toHaveReceivedCommandTimes(RunJobFlowCommand, 2);
  });

  it("re-attaches to a job instead of running it twice", async () => {
    const job = await engine.submit(request(["2024-01-01"]));
    const again = await new EmrEngine({ emr: new EMRClient({ region: "eu-west-1" }), artifacts, settings }).submit(request(["2024-01-01"]));
    expect(again.id).toBe(job.id);
    expect(emr).toHaveReceivedCommandTimes(RunJobFlowCommand, 1);
  });

  it("terminates the cluster of a step running past the cost guard's maxRuntime", async () => {
    emr.on(DescribeStepCommand).resolves({ Step: { Status: { State: "RUNNING" } } });
    const job = await engine.submit(request(["2024-01-01"]));
    now = new Date(now.getTime() + 29 * 60_000);
    expect(await job.poll()).toEqual({ state: "running" });
    now = new Date(now.getTime() + 2 * 60_000);
    expect(await job.poll()).toMatchObject({ state: "failed", error: expect.stringContaining("past its cost guard's maxRuntime of 30 min: cluster j-CLUSTER1 was terminated and nothing was published") });
    expect(emr).toHaveReceivedCommandWith(TerminateJobFlowsCommand, { JobFlowIds: ["j-CLUSTER1"] });
  });

  it("cancels its step", async () => {
    emr.on(CancelStepsCommand).resolves({});
    const job = await engine.submit(request(["2024-01-01"]));
    await job.cancel();
    expect(emr).toHaveReceivedCommandWith(CancelStepsCommand, { ClusterId: "j-CLUSTER1", StepIds: ["s-FIRSTj-CLUSTER1"] });
    expect(await job.poll()).toEqual({ state: "cancelled" });
  });
});
