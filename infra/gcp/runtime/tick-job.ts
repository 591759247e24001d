import { TIERS } from "lakeform";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import { bucketOfRole } from "../gcp-project.ts";

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

/** Where the runtime's data, landing and warehouse are in the project (what `LAKEFORM_*` variables tell it). */
export interface TickEnvironment {
  /** The tier buckets' real names with `{tier}` for the tier (`lf-prod-{tier}-acme-data-prod`). */
  readonly dataBuckets: string;
  /** The landing bucket's real name: file drops land there. */
  readonly landingBucket: string;
}

/**
 * The tick's {@link TickEnvironment} from the plan: its buckets' real names in `projectId`.
 * @throws when the tier buckets are not named alike but for the tier (a plan not from `compile`)
 */
export function tickEnvironmentOf(plan: Pick<PlatformPlan, "buckets">, projectId: string): TickEnvironment {
  const raw = plan.buckets.find((b) => b.role === "raw")?.name ?? "";
  const dataBuckets = raw.endsWith("raw") ? `${raw.slice(0, -"raw".length)}{tier}-${projectId}` : "";
  const mismatch = TIERS.find((tier) => dataBuckets.replace("{tier}", tier) !== bucketOfRole(plan, tier, projectId));
  if (mismatch !== undefined) throw new Error(`Plan: the tier buckets are not named alike but for the tier (the ${mismatch} bucket is ${bucketOfRole(plan, mismatch, projectId)}). Fix: compile the plan with compile() from infra/plan, which names them <prefix>-<tier>.`);
  return { dataBuckets, landingBucket: bucketOfRole(plan, "landing", projectId) };
}

/**
 * The tick's `LAKEFORM_*` variables on GCP: its environment and project, data per tier in GCS,
 * the landing bucket as the landing (mirrored by each tick), the default engine, and BigQuery —
 * the project, the datasets' location (the stack's region) and the prefix naming the datasets —
 * where every asset's published data is its table. Names the runtime's configuration reads
 * (`docs/configuration.md`).
 */
export function tickEnvironmentVariables(plan: Pick<PlatformPlan, "environment">, projectId: string, where: TickEnvironment): { name: string; value: string }[] {
  const environment = plan.environment;
  return [
    { name: "LAKEFORM_ENV", value: environment.name },
    { name: "GOOGLE_CLOUD_PROJECT", value: projectId },
    { name: "LAKEFORM_GCS_BUCKET", value: where.dataBuckets },
    { name: "LAKEFORM_LANDING_DIR", value: `gs://${where.landingBucket}/` },
    { name: "LAKEFORM_DEFAULT_ENGINE", value: environment.defaultEngine },
    { name: "LAKEFORM_BIGQUERY", value: JSON.stringify({ project: projectId, location: environment.region, prefix: environment.prefix }) },
  ];
}

/** Cloud Run's vCPU counts; a job gets at least one. */
const CLOUD_RUN_CPUS = [1, 2, 4, 8] as const;

/**
 * The tick's container: the plan's image, whose entrypoint is the `lakeform` CLI, running
 * `lakeform tick` for this environment ({@link tickEnvironmentVariables}); state URL, PII
 * key and alert webhook from Secret Manager (the latest version, read when the task starts);
 * the plan's memory and the smallest Cloud Run CPU count that covers the plan's CPU.
 */
export function tickContainer(plan: Pick<PlatformPlan, "scheduler" | "environment">, projectId: string, secrets: TickSecretIds, where: TickEnvironment): TickContainer {
  const secret = (name: string, id: string): TickEnv => ({ name, valueSource: { secretKeyRef: { secret: id, version: "latest" } } });
  const vcpus = plan.scheduler.cpu / 1024;
  const cpu = CLOUD_RUN_CPUS.find((count) => count >= vcpus) ?? 8;
  return {
    name: TICK_CONTAINER,
    image: plan.scheduler.image,
    args: ["tick"],
    envs: [
      ...tickEnvironmentVariables(plan, projectId, where),
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
