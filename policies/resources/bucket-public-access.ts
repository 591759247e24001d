import type { CollectedResource } from "../collect/collected-resource.ts";
import { bucketConfigs, bucketLabel, gcsBuckets, s3Buckets } from "./bucket-configs.ts";
import { type ResourceRule, type ResourceViolation, violation } from "./resource-rule.ts";

const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

function s3Violations(bucket: CollectedResource, resources: readonly CollectedResource[]): ResourceViolation[] {
  const blocks = bucketConfigs(bucket, resources, PUBLIC_ACCESS_BLOCK);
  if (blocks.some((block) => SETTINGS.every((s) => block.props[s] === true))) return [];
  const off = blocks.length === 0 ? SETTINGS : SETTINGS.filter((s) => blocks.every((block) => block.props[s] !== true));
  const found = blocks.length === 0 ? "has no public access block" : `has a public access block without ${off.join(", ")}`;
  return [violation(bucket, `${bucketLabel(bucket)} ${found}`, `add an aws.s3.BucketPublicAccessBlock with ${SETTINGS.join(", ")} all true`)];
}

function gcsViolations(bucket: CollectedResource): ResourceViolation[] {
  if (bucket.props.publicAccessPrevention === "enforced") return [];
  return [violation(bucket, `${bucketLabel(bucket)} does not enforce public access prevention`, 'set publicAccessPrevention: "enforced"')];
}

/** No bucket can be made public. */
export const bucketPublicAccessBlocked: ResourceRule = Object.freeze({
  id: "bucket-public-access-blocked",
  description: "No bucket can be made public: an S3 public access block with all four settings on, GCS public access prevention enforced.",
  defaultLevel: "mandatory",
  clouds: ["aws", "gcp"],
  kind: "stack",
  validateStack: (resources: readonly CollectedResource[]) => [
    ...s3Buckets(resources).flatMap((bucket) => s3Violations(bucket, resources)),
    ...gcsBuckets(resources).flatMap(gcsViolations),
  ],
} as const);
