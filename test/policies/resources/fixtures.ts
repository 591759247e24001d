import type { CollectedResource } from "../../../policies/collect/collected-resource.ts";

/** A resource as the rules read it. */
export const resource = (type: string, name: string, props: Record<string, unknown>, id?: string): CollectedResource => ({ type, name, props, ...(id === undefined ? {} : { id }) });

export const T = Object.freeze({
  s3Bucket: "aws:s3/bucket:Bucket",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  gcsBucket: "gcp:storage/bucket:Bucket",
  glueTable: "aws:glue/catalogTable:CatalogTable",
  lfTags: "aws:lakeformation/resourceLfTags:ResourceLfTags",
  bigQueryTable: "gcp:bigquery/table:Table",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  role: "aws:iam/role:Role",
  emrCluster: "aws:emr/cluster:Cluster",
  projectMember: "gcp:projects/iAMMember:IAMMember",
  projectBinding: "gcp:projects/iAMBinding:IAMBinding",
  projectPolicy: "gcp:projects/iAMPolicy:IAMPolicy",
});

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/k";

/** A TLS-only bucket policy of `bucket`, as infra/aws/storage writes it. */
export const tlsOnlyPolicy = (bucket: string) => JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "DenyWithoutTls", Effect: "Deny", Principal: { AWS: "*" }, Action: ["s3:*"], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
});

/**
 * An S3 bucket (`role` tag) with every separate configuration the rules look for, linked by the
 * bucket's name as under mocks; `omit` leaves some out, `sse` replaces the encryption rule.
 */
export function s3BucketWithConfigs(role: string, options: { readonly omit?: readonly string[]; readonly sse?: Record<string, unknown>; readonly publicAccess?: Record<string, boolean> } = {}): CollectedResource[] {
  const bucket = `lf-test-${role}-123456789012`;
  const name = `storage-${role}`;
  const all = [
    resource(T.s3Bucket, name, { bucket, tags: { "lakeform:bucket-role": role } }, bucket),
    resource(T.sse, `${name}-encryption`, { bucket, rules: [{ applyServerSideEncryptionByDefault: options.sse ?? { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }] }),
    resource(T.publicAccess, `${name}-public-access`, { bucket, ...(options.publicAccess ?? { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }) }),
    resource(T.versioning, `${name}-versioning`, { bucket, versioningConfiguration: { status: "Enabled" } }),
    resource(T.lifecycle, `${name}-lifecycle`, { bucket, rules: [{ id: "bucket", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }] }),
    resource(T.bucketPolicy, `${name}-policy`, { bucket, policy: tlsOnlyPolicy(bucket) }),
  ];
  return all.filter((r) => !(options.omit ?? []).includes(r.type));
}

/** A GCS bucket as infra/gcp/storage creates it, with `overrides`. */
export const gcsBucket = (overrides: Record<string, unknown> = {}): CollectedResource =>
  resource(T.gcsBucket, "storage-raw", {
    name: "lf-gtest-raw-acme",
    publicAccessPrevention: "enforced",
    uniformBucketLevelAccess: true,
    versioning: { enabled: true },
    encryption: { defaultKmsKeyName: "projects/acme/locations/europe-west1/keyRings/lf/cryptoKeys/data" },
    lifecycleRules: [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 30 } }],
    ...overrides,
  });
