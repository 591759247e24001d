import type { BucketRole } from "../../plan/platform-plan.ts";

/** The default encryption rule of a bucket (`aws.s3.BucketServerSideEncryptionConfiguration`'s `rules[0]`). */
export interface S3EncryptionRule {
  readonly applyServerSideEncryptionByDefault: { readonly sseAlgorithm: "aws:kms" | "AES256"; readonly kmsMasterKeyId?: string };
  readonly bucketKeyEnabled: boolean;
}

/**
 * SSE-KMS with the platform's key and S3 Bucket Keys (fewer KMS calls, lower cost) for every
 * bucket but the logs bucket. The logs bucket receives S3 server access logs, which S3 delivers
 * only to buckets encrypted with SSE-S3 (a documented limit of access logging), so it uses
 * SSE-S3 (AES256); it holds logs, never tier data or landed files.
 */
export function bucketEncryption(role: BucketRole, keyArn: string): S3EncryptionRule {
  if (role === "logs") return { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false };
  return { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true };
}

/** Every public access block setting on: no ACL or policy can make a bucket public. */
export const PUBLIC_ACCESS_BLOCK = Object.freeze({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
