import { describe, expect, it } from "vitest";
import { dataResourceOptions, physicalBucketName } from "../../../infra/aws/aws-account.ts";
import { bucketEncryption, PUBLIC_ACCESS_BLOCK } from "../../../infra/aws/storage/bucket-encryption.ts";
import { bucketLifecycleRules } from "../../../infra/aws/storage/bucket-lifecycle-rules.ts";
import { bucketPolicy } from "../../../infra/aws/storage/bucket-policy.ts";
import { compile } from "../../../infra/plan/compile.ts";
import type { BucketPlan } from "../../../infra/plan/platform-plan.ts";
import { exampleGraph, prodEnvironment } from "../plan/example-stacks.ts";

const account = { accountId: "123456789012", region: "eu-west-1", partition: "aws" };
const bucket = (overrides: Partial<BucketPlan>): BucketPlan => ({ role: "raw", name: "lf-prod-raw", transitions: [], expirations: [], noncurrentVersionDays: 7, abortIncompleteUploadDays: 3, protected: true, ...overrides });

describe("bucket lifecycle rules", () => {
  it("maps transitions to S3 classes and keeps housekeeping in one whole-bucket rule", () => {
    const rules = bucketLifecycleRules(bucket({ transitions: [{ afterDays: 30, storageClass: "infrequent" }, { afterDays: 90, storageClass: "archive-instant" }, { afterDays: 365, storageClass: "archive" }] }));
    expect(rules).toEqual([
      {
        id: "bucket",
        status: "Enabled",
        filter: {},
        transitions: [{ days: 30, storageClass: "STANDARD_IA" }, { days: 90, storageClass: "GLACIER_IR" }, { days: 365, storageClass: "DEEP_ARCHIVE" }],
        noncurrentVersionExpiration: { noncurrentDays: 7 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 3 },
      },
    ]);
  });

  it("expires each asset's prefix after its retention, and the whole bucket where the plan says", () => {
    const rules = bucketLifecycleRules(bucket({ role: "landing", expireAfterDays: 30, expirations: [{ prefix: "customers/", afterDays: 7, asset: "raw/customers" }] }));
    expect(rules[0]?.expiration).toEqual({ days: 30 });
    expect(rules.slice(1)).toEqual([{ id: "expire-raw-customers", status: "Enabled", filter: { prefix: "customers/" }, expiration: { days: 7 } }]);
  });

  it("gives every retained asset of the example platform an expiration on its own prefix", () => {
    const plan = compile(exampleGraph(), prodEnvironment());
    for (const table of plan.tables.filter((t) => t.retentionDays !== undefined)) {
      const planned = plan.buckets.find((b) => b.name === table.location.bucket);
      const rules = bucketLifecycleRules(planned as BucketPlan).filter((r) => r.filter.prefix === table.location.prefix);
      expect(rules.map((r) => r.expiration?.days)).toEqual([table.retentionDays]);
    }
  });
});

describe("bucket security settings", () => {
  it("encrypts with SSE-KMS and a bucket key, except the access-log target which S3 requires on SSE-S3", () => {
    expect(bucketEncryption("curated", "arn:aws:kms:eu-west-1:123456789012:key/k")).toEqual({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }, bucketKeyEnabled: true });
    expect(bucketEncryption("logs", "k").applyServerSideEncryptionByDefault.sseAlgorithm).toBe("AES256");
    expect(Object.values(PUBLIC_ACCESS_BLOCK)).toEqual([true, true, true, true]);
  });

  it("denies requests without TLS, and lets only S3 logging of this account write access logs to the logs bucket", () => {
    const name = physicalBucketName("lf-prod-logs", account.accountId);
    expect(name).toBe("lf-prod-logs-123456789012");
    const data = bucketPolicy("lf-prod-raw-123456789012", account, { receivesAccessLogs: false });
    expect(data.Statement.map((s) => s.Sid)).toEqual(["DenyWithoutTls"]);
    const logs = bucketPolicy(name, account, { receivesAccessLogs: true });
    expect(logs.Statement[1]).toEqual({
      Sid: "AccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: ["s3:PutObject"],
      Resource: ["arn:aws:s3:::lf-prod-logs-123456789012/s3-access/*"],
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  it("protects and retains data resources only in protected stacks", () => {
    expect(dataResourceOptions(true)).toEqual({ protect: true, retainOnDelete: true });
    expect(dataResourceOptions(false)).toEqual({ protect: false, retainOnDelete: false });
    const prod = compile(exampleGraph(), prodEnvironment());
    const dev = compile(exampleGraph(), prodEnvironment({ protectData: false }));
    expect(prod.buckets.filter((b) => b.role !== "artifacts").every((b) => dataResourceOptions(b.protected).protect)).toBe(true);
    expect(dev.buckets.some((b) => dataResourceOptions(b.protected).protect)).toBe(false);
  });
});
