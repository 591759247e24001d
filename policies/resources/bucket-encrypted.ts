import type { CollectedResource } from "../collect/collected-resource.ts";
import { bucketConfigs, bucketLabel, bucketRole, gcsBuckets, s3Buckets } from "./bucket-configs.ts";
import { type ResourceRule, type ResourceViolation, violation } from "./resource-rule.ts";
import { at, listOf, textAt } from "./resource-props.ts";

const SSE_CONFIG = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const KMS_ALGORITHMS = new Set(["aws:kms", "aws:kms:dsse"]);

/** The default encryption algorithms a bucket is given, by its separate configuration or inline (the deprecated form). */
function algorithmsOf(bucket: CollectedResource, resources: readonly CollectedResource[]): string[] {
  const rules = [
    ...bucketConfigs(bucket, resources, SSE_CONFIG).flatMap((config) => listOf(config.props.rules)),
    ...listOf(at(bucket.props, "serverSideEncryptionConfiguration", "rule")),
  ];
  return rules.flatMap((rule) => textAt(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm") ?? []);
}

function s3Violations(bucket: CollectedResource, resources: readonly CollectedResource[]): ResourceViolation[] {
  const algorithms = algorithmsOf(bucket, resources);
  if (algorithms.length > 0 && algorithms.every((a) => KMS_ALGORITHMS.has(a))) return [];
  // S3 server access logging delivers only to SSE-S3 buckets: the logs bucket is the one exception.
  if (algorithms.length > 0 && algorithms.every((a) => a === "AES256") && bucketRole(bucket) === "logs") return [];
  const found = algorithms.length === 0 ? "has no default encryption" : `is encrypted with ${algorithms.join(", ")}, not a KMS key`;
  return [violation(bucket, `${bucketLabel(bucket)} ${found}`, "add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and the platform's key (only the access-logs bucket, tagged lakeform:bucket-role=logs, may use AES256, as S3 access logging requires)")];
}

function gcsViolations(bucket: CollectedResource): ResourceViolation[] {
  const key = textAt(bucket.props, "encryption", "defaultKmsKeyName") ?? textAt(bucket.props, "encryption", 0, "defaultKmsKeyName");
  if (key !== undefined && key !== "") return [];
  return [violation(bucket, `${bucketLabel(bucket)} is not encrypted with a customer-managed key (CMEK)`, "set encryption.defaultKmsKeyName to the platform's Cloud KMS key")];
}

/** Every bucket encrypted by default with a KMS key (AWS) or a customer-managed key (GCP). */
export const bucketEncrypted: ResourceRule = Object.freeze({
  id: "bucket-encrypted",
  description: "Every bucket is encrypted by default with a KMS key (SSE-KMS on S3, CMEK on GCS); on AWS the access-logs bucket (tag lakeform:bucket-role=logs) may use SSE-S3, the only encryption S3 access logging delivers to.",
  defaultLevel: "mandatory",
  clouds: ["aws", "gcp"],
  kind: "stack",
  validateStack: (resources: readonly CollectedResource[]) => [
    ...s3Buckets(resources).flatMap((bucket) => s3Violations(bucket, resources)),
    ...gcsBuckets(resources).flatMap(gcsViolations),
  ],
} as const);
