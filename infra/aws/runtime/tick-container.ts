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
 * `lakeform tick` for this environment; state URL, PII key and alert webhook from Secrets
 * Manager; its output to the runtime's log group.
 */
export function tickContainerDefinitions(plan: Pick<PlatformPlan, "scheduler" | "environment">, secrets: TickSecrets, logGroup: string): ContainerDefinition[] {
  return [
    {
      name: TICK_CONTAINER,
      image: plan.scheduler.image,
      essential: true,
      command: ["tick"],
      environment: [{ name: "LAKEFORM_ENV", value: plan.environment.name }],
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
