import { assertNever } from "../core/assert-never.ts";
import type { JobStatus } from "../engines/engine-job.ts";
import type { MaterialisationRecord } from "../state/records.ts";

/**
 * What to do next with a running materialisation (see `MaterialisationPhase`):
 * - `submit`: nothing was submitted yet;
 * - `wait`: its job is queued or running — look again later (a later tick, or `job.wait()` inline);
 * - `stage`: its job succeeded — record the written version as staged;
 * - `audit`: run its checks over the staged version;
 * - `publish`: its checks passed — publish it with its siblings;
 * - `fail`: it cannot go on, with the reason (naming the asset and the job).
 */
export type NextStep =
  | { readonly kind: "submit" }
  | { readonly kind: "wait" }
  | { readonly kind: "stage" }
  | { readonly kind: "audit" }
  | { readonly kind: "publish" }
  | { readonly kind: "fail"; readonly reason: string };

/** Where the materialisation's job is: its status, or `unknown` when the engine knows no job with its id (it cannot be attached). */
export type JobSighting = JobStatus | { readonly state: "unknown" };

/**
 * The transition of the run lifecycle, decided purely from the persisted materialisation and
 * where its job is (`undefined` when there is no job to look at: before submission, or after
 * the audit). `engine` names the engine in messages.
 *
 * @example nextStep({ phase: "submitted", jobId: "lakeform_x_1", … }, { state: "succeeded" }, "emr") // { kind: "stage" }
 */
export function nextStep(m: Pick<MaterialisationRecord, "asset" | "partition" | "phase" | "jobId">, job: JobSighting | undefined, engine: string): NextStep {
  const where = m.partition === "" ? "" : ` partition ${m.partition}`;
  switch (m.phase) {
    case "queued":
      return { kind: "submit" };
    case "submitted":
    case "staged": {
      if (job === undefined || job.state === "unknown") {
        return {
          kind: "fail",
          reason: `Asset "${m.asset}"${where}: job ${m.jobId ?? "(none recorded)"} can no longer be attached on the ${engine} engine (the process that ran it died, or the engine forgot it); nothing it wrote was published. Fix: none needed — the retry policy runs it again as a new attempt, or run lakeform materialize.`,
        };
      }
      switch (job.state) {
        case "queued":
        case "running":
          return m.phase === "submitted" ? { kind: "wait" } : { kind: "audit" };
        case "succeeded":
          return m.phase === "submitted" ? { kind: "stage" } : { kind: "audit" };
        case "failed":
          return { kind: "fail", reason: job.error };
        case "cancelled":
          return { kind: "fail", reason: `Asset "${m.asset}"${where}: job ${m.jobId ?? ""} was cancelled before it finished; nothing it wrote is kept. Fix: run it again (a new attempt).` };
        default:
          return assertNever(job);
      }
    }
    case "audited":
      return { kind: "publish" };
    default:
      return assertNever(m.phase);
  }
}
