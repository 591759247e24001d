import type { BucketRole, PlatformPlan } from "../plan/platform-plan.ts";

/** Where the platform is deployed: resolved once from the caller's identity and the stack. */
export interface AwsAccount {
  /** `123456789012`. */
  readonly accountId: string;
  /** `eu-west-1`, from `lakeform:region`. */
  readonly region: string;
  /** `aws` (or `aws-cn`, `aws-us-gov`): the first segment after `arn:`. */
  readonly partition: string;
}

/** The tag every resource of an environment carries, and that EMR actions are conditioned on. */
export const ENVIRONMENT_TAG = "lakeform:environment";

/**
 * A bucket's real name: the plan's logical name plus the account id, because S3 bucket names
 * are global (`lf-prod-raw` → `lf-prod-raw-123456789012`).
 */
export function physicalBucketName(logicalName: string, accountId: string): string {
  return `${logicalName}-${accountId}`;
}

/** Real bucket names by the plan's logical name, for every bucket of the plan. */
export function physicalBucketNames(plan: Pick<PlatformPlan, "buckets">, accountId: string): ReadonlyMap<string, string> {
  return new Map(plan.buckets.map((bucket) => [bucket.name, physicalBucketName(bucket.name, accountId)]));
}

/** The real name of the plan's bucket with `role`. */
export function bucketOfRole(plan: Pick<PlatformPlan, "buckets">, role: BucketRole, accountId: string): string {
  const bucket = plan.buckets.find((b) => b.role === role);
  if (bucket === undefined) throw new Error(`Plan: it has no ${role} bucket. Fix: compile the plan with compile() from infra/plan, which plans every bucket role.`);
  return physicalBucketName(bucket.name, accountId);
}

/** `arn:aws:s3:::<bucket>`. */
export function bucketArn(account: Pick<AwsAccount, "partition">, bucket: string): string {
  return `arn:${account.partition}:s3:::${bucket}`;
}

/** The ARN of every object under `prefix` of `bucket` (`prefix` "" is the whole bucket). */
export function objectsArn(account: Pick<AwsAccount, "partition">, bucket: string, prefix: string): string {
  return `${bucketArn(account, bucket)}/${prefix}*`;
}

/** Resource options of a resource holding data: protected stacks neither delete nor orphan-by-accident it. */
export function dataResourceOptions(isProtected: boolean): { protect: boolean; retainOnDelete: boolean } {
  return { protect: isProtected, retainOnDelete: isProtected };
}
