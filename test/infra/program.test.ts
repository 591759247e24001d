import { beforeAll, describe, expect, it } from "vitest";
import { ofType, runProgram, stackConfig, valueOf, type CreatedResource } from "./aws/mock-program.ts";

// The Pulumi program on the dev stack (Pulumi.dev.yaml) under mocks.
describe("the Pulumi program on the dev stack", () => {
  let resources: CreatedResource[];
  let program: Awaited<ReturnType<typeof runProgram>>["program"];

  beforeAll(async () => {
    ({ resources, program } = await runProgram("dev", stackConfig("dev")));
  }, 60_000);

  it("reads the stack's configuration into its environment", () => {
    expect(program.env).toMatchObject({ name: "dev", cloud: "aws", region: "eu-west-1", prefix: "lf-dev", protectData: false, defaultEngine: "duckdb", schedulerIntervalMinutes: 30, logRetentionDays: 14 });
    expect(program.env.consumers.map((c) => c.name)).toEqual(["data-team"]);
  });

  it("exports the assets by tier, the buckets by role and the databases by tier", async () => {
    expect(program.assets.length).toBe(14);
    expect(Object.keys(program.tiers)).toEqual(["raw", "clean", "curated"]);
    expect(program.tiers.raw?.every((key) => key.startsWith("raw/"))).toBe(true);
    expect(program.buckets).toEqual({ landing: "lf-dev-landing-123456789012", raw: "lf-dev-raw-123456789012", clean: "lf-dev-clean-123456789012", curated: "lf-dev-curated-123456789012", logs: "lf-dev-logs-123456789012", artifacts: "lf-dev-artifacts-123456789012" });
    expect(program.databases.clean).toBe("lf_dev_clean");
    expect(program.emr!.logUri).toBe("s3://lf-dev-logs-123456789012/emr/");
    expect(await valueOf(program.roles!.emrService)).toBe("arn:aws:iam::123456789012:role/lf-dev-emr-service");
  });

  it("deploys one Glue table per asset and ticks every 30 minutes", () => {
    expect(ofType(resources, "aws:glue/catalogTable:CatalogTable")).toHaveLength(program.assets.length);
    expect(ofType(resources, "aws:scheduler/schedule:Schedule")[0]?.inputs.scheduleExpression).toBe("rate(30 minutes)");
    expect(ofType(resources, "aws:cloudwatch/logGroup:LogGroup")[0]?.inputs.retentionInDays).toBe(14);
  });

  it("leaves dev data unprotected and gives the runtime no EMR rights when nothing runs on EMR", () => {
    expect(ofType(resources, "aws:rds/instance:Instance")[0]?.inputs).toMatchObject({ deletionProtection: false, skipFinalSnapshot: true });
    expect(ofType(resources, "aws:s3/bucket:Bucket").every((b) => b.inputs.forceDestroy === true)).toBe(true);
    const task = JSON.parse(ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "compute-task")?.inputs.policy);
    expect(task.Statement.flatMap((s: { Action: string[] }) => s.Action).filter((a: string) => a.startsWith("elasticmapreduce:") || a === "iam:PassRole")).toEqual([]);
    expect(ofType(resources, "aws:secretsmanager/secret:Secret").map((s) => s.inputs.name).sort()).toEqual(["lf-dev/pii-key", "lf-dev/state-url"]);
  });
});
