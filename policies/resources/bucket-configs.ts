import type { CollectedResource } from "../collect/collected-resource.ts";
import { isRecord, textAt } from "./resource-props.ts";

/** Pulumi types of the buckets the bucket rules check. */
export const S3_BUCKET = "aws:s3/bucket:Bucket";
export const GCS_BUCKET = "gcp:storage/bucket:Bucket";

/** The S3 bucket tag naming a bucket's role in the platform (`logs`, `raw`, …), set by infra/aws/storage. */
export const BUCKET_ROLE_TAG = "lakeform:bucket-role";

/** A bucket as people know it: its physical name when set, else its logical name. */
export const bucketLabel = (bucket: CollectedResource): string => `Bucket "${textAt(bucket.props, "bucket") ?? textAt(bucket.props, "name") ?? bucket.name}"`;

/** The S3 buckets of a stack. */
export const s3Buckets = (resources: readonly CollectedResource[]) => resources.filter((r) => r.type === S3_BUCKET);

/** The GCS buckets of a stack. */
export const gcsBuckets = (resources: readonly CollectedResource[]) => resources.filter((r) => r.type === GCS_BUCKET);

/** A bucket's role tag (`lakeform:bucket-role`), if any. */
export const bucketRole = (bucket: CollectedResource): string | undefined => {
  const tags = bucket.props.tags;
  return isRecord(tags) && typeof tags[BUCKET_ROLE_TAG] === "string" ? tags[BUCKET_ROLE_TAG] : undefined;
};

/**
 * The resources of `type` that configure `bucket` through their `bucket` input (on AWS a bucket's
 * encryption, versioning, lifecycle, public access block and policy are resources of their
 * own): linked by the resource the input was computed from when known (CrossGuard), else by the
 * input's value — the bucket's id or name.
 */
export function bucketConfigs(bucket: CollectedResource, resources: readonly CollectedResource[], type: string): CollectedResource[] {
  const names = new Set([bucket.id, textAt(bucket.props, "bucket")].filter((n): n is string => n !== undefined));
  return resources.filter((r) => {
    if (r.type !== type) return false;
    const from = r.references?.bucket;
    if (from !== undefined && from.length > 0) return from.some((k) => k.type === bucket.type && k.name === bucket.name);
    const value = textAt(r.props, "bucket");
    return value !== undefined && names.has(value);
  });
}
