import type { BucketRole, PlatformPlan } from "../plan/platform-plan.ts";

/** Where the platform is deployed on GCP: the stack's project and region. */
export interface GcpProject {
  /** `acme-data-prod`, from `lakeform:gcpProject`. */
  readonly projectId: string;
  /** `europe-west1`, from `lakeform:region`: of the buckets, datasets, key ring, taxonomy and runtime. */
  readonly region: string;
}

/** The label every labelled resource of an environment carries (GCP labels: lowercase, `-` and `_`). */
export const ENVIRONMENT_LABEL = "lakeform-environment";

/** A value fit for a GCP label: lowercase letters, digits, `-` and `_`, at most 63 characters. */
export function labelValue(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_-]+/g, "_").slice(0, 63);
}

/**
 * A bucket's real name: the plan's logical name plus the project id, because GCS bucket names
 * are global (`lf-prod-raw` → `lf-prod-raw-acme-data-prod`; at most 20 + 10 + 30 characters).
 */
export function physicalBucketName(logicalName: string, projectId: string): string {
  return `${logicalName}-${projectId}`;
}

/** The real name of the plan's bucket with `role`. */
export function bucketOfRole(plan: Pick<PlatformPlan, "buckets">, role: BucketRole, projectId: string): string {
  const bucket = plan.buckets.find((b) => b.role === role);
  if (bucket === undefined) throw new Error(`Plan: it has no ${role} bucket. Fix: compile the plan with compile() from infra/plan, which plans every bucket role.`);
  return physicalBucketName(bucket.name, projectId);
}

/**
 * Resource options of a resource holding data: protected stacks neither delete nor
 * orphan-by-accident it (the same rule as on AWS).
 */
export function dataResourceOptions(isProtected: boolean): { protect: boolean; retainOnDelete: boolean } {
  return { protect: isProtected, retainOnDelete: isProtected };
}
