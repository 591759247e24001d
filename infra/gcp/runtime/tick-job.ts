import type { PlatformPlan } from "../../plan/platform-plan.ts";

/** The container of the tick job. */
export const TICK_CONTAINER = "lakeform";

/** The Secret Manager secret ids (not values) a tick starts with. */
export interface TickSecretIds {
  readonly stateUrl: string;
  readonly piiKey: string;
  readonly alertWebhook?: string;
}

/** One environment variable of a Cloud Run container: a value, or the latest version of a secret. */
export type TickEnv =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly valueSource: { readonly secretKeyRef: { readonly secret: string; readonly version: "latest" } } };

/** The tick's container, as `gcp.cloudrunv2.Job`'s `template.template.containers[0]` takes it. */
export interface TickContainer {
  readonly name: string;
  readonly image: string;
  readonly args: string[];
  readonly envs: TickEnv[];
  readonly resources: { readonly limits: Readonly<Record<"cpu" | "memory", string>> };
}

/** Cloud Run's vCPU counts; a job gets at least one. */
const CLOUD_RUN_CPUS = [1, 2, 4, 8] as const;

/**
 * The tick's container: the plan's image, whose entrypoint is the `lakeform` CLI, running
 * `lakeform tick` for this environment (`LAKEFORM_ENV`, `GOOGLE_CLOUD_PROJECT`); state URL, PII
 * key and alert webhook from Secret Manager (the latest version, read when the task starts);
 * the plan's memory and the smallest Cloud Run CPU count that covers the plan's CPU.
 */
export function tickContainer(plan: Pick<PlatformPlan, "scheduler" | "environment">, projectId: string, secrets: TickSecretIds): TickContainer {
  const secret = (name: string, id: string): TickEnv => ({ name, valueSource: { secretKeyRef: { secret: id, version: "latest" } } });
  const vcpus = plan.scheduler.cpu / 1024;
  const cpu = CLOUD_RUN_CPUS.find((count) => count >= vcpus) ?? 8;
  return {
    name: TICK_CONTAINER,
    image: plan.scheduler.image,
    args: ["tick"],
    envs: [
      { name: "LAKEFORM_ENV", value: plan.environment.name },
      { name: "GOOGLE_CLOUD_PROJECT", value: projectId },
      secret("LAKEFORM_STATE_URL", secrets.stateUrl),
      secret("LAKEFORM_PII_KEY", secrets.piiKey),
      ...(secrets.alertWebhook === undefined ? [] : [secret("LAKEFORM_ALERT_WEBHOOK", secrets.alertWebhook)]),
    ],
    resources: { limits: { cpu: String(cpu), memory: `${Math.max(512, plan.scheduler.memoryMiB)}Mi` } },
  };
}

/**
 * How long one tick may run: its interval (a tick never overlaps the next), at most an hour.
 * A tick submits jobs and records their ids; it never waits on them.
 */
export function tickTimeoutSeconds(intervalMinutes: number): number {
  return Math.min(intervalMinutes, 60) * 60;
}

/**
 * The URL Cloud Scheduler calls to start one execution of the job (Cloud Run Admin API v2,
 * `jobs.run`), with an OAuth token of the scheduler's service account.
 */
export function runJobUrl(projectId: string, region: string, jobName: string): string {
  return `https://run.googleapis.com/v2/projects/${projectId}/locations/${region}/jobs/${jobName}:run`;
}
