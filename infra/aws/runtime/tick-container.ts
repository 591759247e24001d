import type { PlatformPlan } from "../../plan/platform-plan.ts";

/** The container of the tick task. */
export const TICK_CONTAINER = "lakeform";

/** The secrets a tick starts with: Secrets Manager ARNs (a JSON key as `<arn>:<key>::`). */
export interface TickSecrets {
  readonly stateUrlArn: string;
  /** The secret RDS manages for the state database's user: its `password` key becomes `PGPASSWORD`. */
  readonly stateDatabaseSecretArn: string;
  readonly piiKeyArn: string;
  readonly alertWebhookArn?: string;
}

/** Where the runtime's engines and catalog are, in the account (what `LAKEFORM_*` variables tell it). */
export interface TickEnvironment {
  /** The data buckets' names with `{tier}` for the tier (`lf-prod-{tier}-123456789012`). */
  readonly dataBuckets: string;
  readonly artifactsBucket: string;
  /** EMR's cluster settings, when some asset runs on EMR. */
  readonly emr?: { readonly serviceRole: string; readonly instanceProfile: string; readonly securityConfiguration: string; readonly subnetIds: readonly string[]; readonly logUri: string };
}

/**
 * The tick's `LAKEFORM_*` variables: its environment, data per tier in S3, the default engine,
 * the Glue databases it publishes into, and — when some asset runs on EMR — the cluster settings
 * and the artifacts bucket. Names the runtime's configuration reads (`docs/configuration.md`).
 */
export function tickEnvironmentVariables(plan: Pick<PlatformPlan, "environment" | "compute">, where: TickEnvironment): { name: string; value: string }[] {
  const usesEmr = plan.compute.some((c) => c.engine === "emr");
  const cluster = plan.environment.emr;
  return [
    { name: "LAKEFORM_ENV", value: plan.environment.name },
    { name: "AWS_REGION", value: plan.environment.region },
    { name: "LAKEFORM_S3_BUCKET", value: where.dataBuckets },
    { name: "LAKEFORM_DEFAULT_ENGINE", value: plan.environment.defaultEngine },
    { name: "LAKEFORM_GLUE_PREFIX", value: plan.environment.prefix },
    ...(usesEmr && where.emr !== undefined
      ? [
          { name: "LAKEFORM_ARTIFACTS_BUCKET", value: where.artifactsBucket },
          {
            name: "LAKEFORM_EMR",
            value: JSON.stringify({ releaseLabel: cluster.releaseLabel, instanceTypes: cluster.instanceTypes, coreNodes: cluster.coreNodes, spot: cluster.spot, serviceRole: where.emr.serviceRole, instanceProfile: where.emr.instanceProfile, securityConfiguration: where.emr.securityConfiguration, subnetIds: where.emr.subnetIds, logUri: where.emr.logUri }),
          },
        ]
      : []),
  ];
}

/** One ECS container definition, as the JSON `aws.ecs.TaskDefinition` takes (the fields used here). */
export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: true;
  readonly command: readonly string[];
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  readonly secrets: readonly { readonly name: string; readonly valueFrom: string }[];
  readonly logConfiguration: { readonly logDriver: "awslogs"; readonly options: Readonly<Record<string, string>> };
}

/**
 * The tick task's container: the plan's image, whose entrypoint is the `lakeform` CLI, running
 * `lakeform tick` for this environment ({@link tickEnvironmentVariables}); state URL, PII key
 * and alert webhook from Secrets Manager; its output to the runtime's log group.
 */
export function tickContainerDefinitions(plan: Pick<PlatformPlan, "scheduler" | "environment" | "compute">, secrets: TickSecrets, logGroup: string, where: TickEnvironment): ContainerDefinition[] {
  return [
    {
      name: TICK_CONTAINER,
      image: plan.scheduler.image,
      essential: true,
      command: ["tick"],
      environment: tickEnvironmentVariables(plan, where),
      secrets: [
        { name: "LAKEFORM_STATE_URL", valueFrom: secrets.stateUrlArn },
        { name: "PGPASSWORD", valueFrom: `${secrets.stateDatabaseSecretArn}:password::` },
        { name: "LAKEFORM_PII_KEY", valueFrom: secrets.piiKeyArn },
        ...(secrets.alertWebhookArn === undefined ? [] : [{ name: "LAKEFORM_ALERT_WEBHOOK", valueFrom: secrets.alertWebhookArn }]),
      ],
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logGroup, "awslogs-region": plan.environment.region, "awslogs-stream-prefix": "tick" } },
    },
  ];
}
