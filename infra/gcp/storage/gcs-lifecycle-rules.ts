import type { BucketPlan, StorageClass } from "../../plan/platform-plan.ts";

/** A GCS lifecycle rule as plain data (an element of `gcp.storage.Bucket`'s `lifecycleRules`). */
export interface GcsLifecycleRule {
  readonly action: { readonly type: "SetStorageClass" | "Delete" | "AbortIncompleteMultipartUpload"; readonly storageClass?: string };
  readonly condition: {
    readonly age?: number;
    readonly matchesPrefixes?: string[];
    readonly matchesStorageClasses?: string[];
    readonly daysSinceNoncurrentTime?: number;
    readonly withState?: "LIVE" | "ARCHIVED" | "ANY";
  };
}

/** The GCS storage class of each provider-neutral class. */
export const GCS_STORAGE_CLASS: Readonly<Record<StorageClass, string>> = Object.freeze({
  infrequent: "NEARLINE",
  "archive-instant": "COLDLINE",
  archive: "ARCHIVE",
});

/**
 * The lifecycle of one bucket of the plan on GCS: a storage-class change per transition (live
 * objects of the classes before it, so each step moves objects one way), the bucket-wide
 * deletion where the plan has one, one deletion per asset retention on the asset's prefix,
 * deletion of replaced versions after `noncurrentVersionDays`, and the abort of unfinished
 * multipart uploads. Deleting a live object of a versioned bucket makes it noncurrent, so the
 * noncurrent rule removes it for good a few days later. When an object matches a Delete and a
 * SetStorageClass rule at once, GCS applies the Delete.
 */
export function gcsLifecycleRules(bucket: BucketPlan): GcsLifecycleRule[] {
  const rules: GcsLifecycleRule[] = [];
  const earlier: string[] = ["STANDARD"];
  for (const transition of bucket.transitions) {
    const storageClass = GCS_STORAGE_CLASS[transition.storageClass];
    rules.push({ action: { type: "SetStorageClass", storageClass }, condition: { age: transition.afterDays, matchesStorageClasses: [...earlier], withState: "LIVE" } });
    earlier.push(storageClass);
  }
  if (bucket.expireAfterDays !== undefined) rules.push({ action: { type: "Delete" }, condition: { age: bucket.expireAfterDays, withState: "LIVE" } });
  for (const expiration of bucket.expirations) rules.push({ action: { type: "Delete" }, condition: { age: expiration.afterDays, matchesPrefixes: [expiration.prefix], withState: "LIVE" } });
  rules.push({ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: bucket.noncurrentVersionDays, withState: "ARCHIVED" } });
  rules.push({ action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: bucket.abortIncompleteUploadDays } });
  return rules;
}
