import type { BucketPlan, StorageClass } from "../../plan/platform-plan.ts";

/** An S3 lifecycle rule as plain data (the input of `aws.s3.BucketLifecycleConfiguration`'s `rules`). */
export interface S3LifecycleRule {
  readonly id: string;
  readonly status: "Enabled";
  /** `{}` is the whole bucket. */
  readonly filter: { readonly prefix?: string };
  readonly transitions?: { readonly days: number; readonly storageClass: string }[];
  readonly expiration?: { readonly days: number };
  readonly noncurrentVersionExpiration?: { readonly noncurrentDays: number };
  readonly abortIncompleteMultipartUpload?: { readonly daysAfterInitiation: number };
}

/** The S3 storage class of each provider-neutral class. */
export const S3_STORAGE_CLASS: Readonly<Record<StorageClass, string>> = Object.freeze({
  infrequent: "STANDARD_IA",
  "archive-instant": "GLACIER_IR",
  archive: "DEEP_ARCHIVE",
});

/** `raw/customers` → `raw-customers`: rule ids name the asset whose retention they apply. */
const ruleId = (asset: string) => asset.replace(/[^A-Za-z0-9]+/g, "-");

/**
 * The lifecycle of one bucket of the plan: one whole-bucket rule (transitions by age, the
 * bucket-wide expiration where the plan has one, expiry of replaced versions, abort of
 * unfinished multipart uploads), then one expiration rule per asset retention, on the asset's
 * prefix. Where rules overlap S3 applies the expiration, so a short retention wins over
 * transitions.
 */
export function bucketLifecycleRules(bucket: BucketPlan): S3LifecycleRule[] {
  const whole: S3LifecycleRule = {
    id: "bucket",
    status: "Enabled",
    filter: {},
    ...(bucket.transitions.length === 0 ? {} : { transitions: bucket.transitions.map((t) => ({ days: t.afterDays, storageClass: S3_STORAGE_CLASS[t.storageClass] })) }),
    ...(bucket.expireAfterDays === undefined ? {} : { expiration: { days: bucket.expireAfterDays } }),
    noncurrentVersionExpiration: { noncurrentDays: bucket.noncurrentVersionDays },
    abortIncompleteMultipartUpload: { daysAfterInitiation: bucket.abortIncompleteUploadDays },
  };
  const perAsset = bucket.expirations.map((e): S3LifecycleRule => ({ id: `expire-${ruleId(e.asset)}`, status: "Enabled", filter: { prefix: e.prefix }, expiration: { days: e.afterDays } }));
  return [whole, ...perAsset];
}
