import type { Environment } from "./environment.ts";
import type { ComputePlan, SchedulerPlan } from "./platform-plan.ts";

/**
 * The runtime in the environment: `lakeform tick` as a short container task every interval.
 * Assets computed in DuckDB run inside the task, so it gets a DuckDB-sized machine when there
 * are any; a task that only submits cloud jobs and polls them stays small.
 */
export function planScheduler(compute: readonly ComputePlan[], environment: Environment): SchedulerPlan {
  const runsDuckdb = compute.some((c) => c.engine === "duckdb");
  const secretPrefix = `${environment.prefix}/`;
  return Object.freeze({
    intervalMinutes: environment.schedulerIntervalMinutes,
    image: environment.runtimeImage,
    cpu: runsDuckdb ? 1024 : 256,
    memoryMiB: runsDuckdb ? 4096 : 512,
    tickMinutes: runsDuckdb ? 2 : 1,
    state: Object.freeze({ engine: "postgres", instanceClass: environment.cloud === "aws" ? "db.t4g.micro" : "db-f1-micro", storageGiB: 20 }),
    secrets: Object.freeze({
      stateUrl: `${secretPrefix}state-url`,
      piiKey: `${secretPrefix}pii-key`,
      ...(environment.alertWebhookSecret === undefined ? {} : { alertWebhook: environment.alertWebhookSecret }),
    }),
    logRetentionDays: environment.logRetentionDays,
  });
}
