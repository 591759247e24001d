import { parse } from "pg-connection-string";
import { describe, expect, it } from "vitest";
import { ecrImageOf, runtimeEcrImage } from "../../../infra/aws/runtime/ecr-image.ts";
import { cloudWatchRetentionDays } from "../../../infra/aws/runtime/log-retention.ts";
import { privateSubnetCidrs } from "../../../infra/aws/runtime/network-plan.ts";
import { RDS_CA_BUNDLE_PATH, stateDatabaseInput, stateUrl } from "../../../infra/aws/runtime/state-database.ts";
import { taskExecutionPolicy } from "../../../infra/aws/runtime/task-execution-policy.ts";
import { runtimeConfigFrom } from "../../../runtime/config/runtime-config.ts";
import { tickContainerDefinitions, type TickEnvironment } from "../../../infra/aws/runtime/tick-container.ts";
import { scheduleExpression, schedulerRolePolicy } from "../../../infra/aws/runtime/tick-schedule.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { exampleGraph, IMAGE, prodEnvironment } from "../plan/example-stacks.ts";

const plan = compile(exampleGraph(), prodEnvironment());
const account = { accountId: "123456789012", region: "eu-west-1", partition: "aws" };

describe("the tick's schedule", () => {
  it("runs every interval of whole minutes", () => {
    expect(scheduleExpression(15)).toBe("rate(15 minutes)");
    expect(scheduleExpression(1)).toBe("rate(1 minute)");
    expect(() => scheduleExpression(0.5)).toThrow("Scheduler: an interval of 0.5 minutes is not a whole number of minutes. Fix: pulumi config set lakeform:schedulerInterval 15m.");
  });

  it("may run only the tick task on the runtime's cluster and pass only its roles", () => {
    const document = schedulerRolePolicy("arn:aws:ecs:eu-west-1:123456789012:task-definition/lf-prod-tick:3", "arn:aws:ecs:eu-west-1:123456789012:cluster/lf-prod-runtime", ["arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b"]);
    expect(document.Statement).toEqual([
      { Sid: "RunTick", Effect: "Allow", Action: ["ecs:RunTask"], Resource: ["arn:aws:ecs:eu-west-1:123456789012:task-definition/lf-prod-tick:3"], Condition: { ArnEquals: { "ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/lf-prod-runtime" } } },
      { Sid: "PassTickRoles", Effect: "Allow", Action: ["iam:PassRole"], Resource: ["arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b"], Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } },
    ]);
  });
});

const where: TickEnvironment = {
  dataBuckets: "lf-prod-{tier}-123456789012",
  artifactsBucket: "lf-prod-artifacts-123456789012",
  emr: { serviceRole: "arn:aws:iam::123456789012:role/lf-prod-emr-service", instanceProfile: "lf-prod-emr-nodes", securityConfiguration: "lf-prod-emr", subnetIds: ["subnet-a", "subnet-b"], logUri: "s3://lf-prod-logs-123456789012/emr/" },
};

describe("the tick's container", () => {
  it("tells the runtime where its data, engines and catalog are, in variables its configuration accepts", () => {
    const [container] = tickContainerDefinitions(plan, { stateUrlArn: "s", stateDatabaseSecretArn: "rds", piiKeyArn: "p" }, "g", where);
    const env = Object.fromEntries((container?.environment ?? []).map((v) => [v.name, v.value]));
    expect(env).toMatchObject({ LAKEFORM_ENV: "prod", AWS_REGION: "eu-west-1", LAKEFORM_S3_BUCKET: "lf-prod-{tier}-123456789012", LAKEFORM_DEFAULT_ENGINE: plan.environment.defaultEngine, LAKEFORM_GLUE_PREFIX: "lf-prod" });
    const config = runtimeConfigFrom({ ...env, LAKEFORM_STATE_URL: "postgres://lakeform@db:5432/lakeform" });
    expect(config.s3.bucket).toBe("lf-prod-{tier}-123456789012");
    expect(config.gluePrefix).toBe("lf-prod");
    if (plan.compute.some((c) => c.engine === "emr")) {
      expect(config.emr.artifactsBucket).toBe("lf-prod-artifacts-123456789012");
      expect(config.emr.settings).toEqual({ releaseLabel: "emr-7.5.0", instanceTypes: ["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"], coreNodes: 2, spot: true, ...where.emr });
    }
  });

  it("runs `lakeform tick` for the environment with its secrets from Secrets Manager", () => {
    const [container] = tickContainerDefinitions(plan, { stateUrlArn: "s", stateDatabaseSecretArn: "rds", piiKeyArn: "p", alertWebhookArn: "w" }, "/lakeform/lf-prod/tick", where);
    expect(container).toEqual({
      name: "lakeform",
      image: IMAGE,
      essential: true,
      command: ["tick"],
      environment: expect.arrayContaining([{ name: "LAKEFORM_ENV", value: "prod" }]),
      secrets: [
        { name: "LAKEFORM_STATE_URL", valueFrom: "s" },
        { name: "PGPASSWORD", valueFrom: "rds:password::" },
        { name: "LAKEFORM_PII_KEY", valueFrom: "p" },
        { name: "LAKEFORM_ALERT_WEBHOOK", valueFrom: "w" },
      ],
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/lakeform/lf-prod/tick", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "tick" } },
    });
    const [quiet] = tickContainerDefinitions(plan, { stateUrlArn: "s", stateDatabaseSecretArn: "rds", piiKeyArn: "p" }, "g", where);
    expect(quiet?.secrets.map((s) => s.name)).not.toContain("LAKEFORM_ALERT_WEBHOOK");
  });

  it("starts with a policy to pull its image, write its logs and read only its secrets", () => {
    const document = taskExecutionPolicy(account, { accountId: "123456789012", region: "eu-west-1", repository: "lakeform" }, "arn:aws:logs:eu-west-1:123456789012:log-group:/lakeform/lf-prod/tick", ["s1", "s2"], "k");
    expect(document.Statement.find((s) => s.Sid === "PullImage")?.Resource).toEqual(["arn:aws:ecr:eu-west-1:123456789012:repository/lakeform"]);
    expect(document.Statement.find((s) => s.Sid === "ReadSecrets")?.Resource).toEqual(["s1", "s2"]);
    expect(document.Statement.filter((s) => s.Resource?.includes("*")).map((s) => s.Action)).toEqual([["ecr:GetAuthorizationToken"]]);
  });

  it("needs an image in ECR of the stack's region, since its subnets have no NAT", () => {
    expect(ecrImageOf(IMAGE)).toEqual({ accountId: "123456789012", region: "eu-west-1", repository: "lakeform" });
    expect(ecrImageOf("ghcr.io/acme/lakeform:1")).toBeUndefined();
    expect(() => runtimeEcrImage({ name: "dev", region: "eu-west-1", runtimeImage: "ghcr.io/acme/lakeform:1" })).toThrow(
      'Stack "dev": lakeform:runtimeImage "ghcr.io/acme/lakeform:1" is not in Amazon ECR in eu-west-1, and the runtime\'s private subnets reach only AWS endpoints of that region. Fix: push the image built from the repo\'s Dockerfile to ECR in eu-west-1 and pulumi config set lakeform:runtimeImage <account>.dkr.ecr.eu-west-1.amazonaws.com/lakeform:<tag>.',
    );
  });
});

describe("the state database", () => {
  it("is the plan's class, encrypted, private, with an RDS-managed password; protected stacks keep it", () => {
    expect(stateDatabaseInput(plan, true)).toMatchObject({ identifier: "lf-prod-state", instanceClass: "db.t4g.micro", storageEncrypted: true, publiclyAccessible: false, manageMasterUserPassword: true, deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "lf-prod-state-final", backupRetentionPeriod: 7 });
    const unprotected = stateDatabaseInput(plan, false);
    expect(unprotected).toMatchObject({ deletionProtection: false, skipFinalSnapshot: true, backupRetentionPeriod: 1 });
    expect("finalSnapshotIdentifier" in unprotected).toBe(false);
  });

  it("is reached by a URL without password, verifying TLS against the RDS bundle", () => {
    const url = stateUrl("lf-prod-state.abc.eu-west-1.rds.amazonaws.com", 5432);
    expect(URL.canParse(url)).toBe(true);
    const parsed = new URL(url);
    expect([parsed.username, parsed.password, parsed.hostname, parsed.pathname]).toEqual(["lakeform", "", "lf-prod-state.abc.eu-west-1.rds.amazonaws.com", "/lakeform"]);
    expect(Object.fromEntries(parsed.searchParams)).toEqual({ sslmode: "verify-full", sslrootcert: RDS_CA_BUNDLE_PATH });
    expect(() => parse(url)).toThrow(/ENOENT.*rds-global-bundle\.pem/);
  });
});

describe("network and logs", () => {
  it("uses one /20 per zone and a retention CloudWatch accepts", () => {
    expect(privateSubnetCidrs(2)).toEqual(["10.80.0.0/20", "10.80.16.0/20"]);
    expect([1, 14, 30, 31, 90, 4000].map(cloudWatchRetentionDays)).toEqual([1, 14, 30, 60, 90, 3653]);
  });
});
