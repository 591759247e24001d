import { describe, expect, it } from "vitest";
import { resourceFindings } from "../../../policies/resources/resource-rules.ts";
import { gcsBucket, resource, s3BucketWithConfigs, T } from "./fixtures.ts";

const ruleIds = (findings: ReturnType<typeof resourceFindings>) => findings.map((f) => f.rule);

describe("bucket rules on AWS, where a bucket's settings are resources of their own", () => {
  it("accept a bucket encrypted with KMS, closed to the public, versioned, with a lifecycle and a TLS-only policy", () => {
    expect(resourceFindings(s3BucketWithConfigs("raw"))).toEqual([]);
  });

  it("find a bucket without default encryption, naming the bucket and the fix", () => {
    expect(resourceFindings(s3BucketWithConfigs("raw", { omit: [T.sse] }))).toEqual([
      {
        rule: "bucket-encrypted",
        level: "mandatory",
        message: 'Bucket "lf-test-raw-123456789012" has no default encryption',
        fix: "add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and the platform's key (only the access-logs bucket, tagged lakeform:bucket-role=logs, may use AES256, as S3 access logging requires)",
        resource: { type: T.s3Bucket, name: "storage-raw" },
      },
    ]);
  });

  it("accept SSE-S3 on the bucket tagged as the access-logs bucket only", () => {
    expect(resourceFindings(s3BucketWithConfigs("logs", { sse: { sseAlgorithm: "AES256" } }))).toEqual([]);
    const raw = resourceFindings(s3BucketWithConfigs("raw", { sse: { sseAlgorithm: "AES256" } }));
    expect(raw.map((f) => f.message)).toEqual(['Bucket "lf-test-raw-123456789012" is encrypted with AES256, not a KMS key']);
  });

  it("do not take a bucket's name for its role: an untagged bucket called logs must use KMS", () => {
    const [bucket, ...configs] = s3BucketWithConfigs("logs", { sse: { sseAlgorithm: "AES256" } });
    const untagged = [{ ...bucket!, props: { bucket: bucket!.props.bucket } }, ...configs];
    expect(ruleIds(resourceFindings(untagged))).toEqual(["bucket-encrypted"]);
  });

  it("link configurations to their bucket only: another bucket's encryption does not count", () => {
    const raw = s3BucketWithConfigs("raw", { omit: [T.sse] });
    const clean = s3BucketWithConfigs("clean");
    expect(resourceFindings([...raw, ...clean]).map((f) => f.resource?.name)).toEqual(["storage-raw"]);
  });

  it("find a missing or partial public access block", () => {
    expect(resourceFindings(s3BucketWithConfigs("raw", { omit: [T.publicAccess] })).map((f) => [f.rule, f.message])).toEqual([["bucket-public-access-blocked", 'Bucket "lf-test-raw-123456789012" has no public access block']]);
    const partial = s3BucketWithConfigs("raw", { publicAccess: { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: false } });
    expect(resourceFindings(partial).map((f) => f.message)).toEqual(['Bucket "lf-test-raw-123456789012" has a public access block without blockPublicPolicy, restrictPublicBuckets']);
  });

  it("find an unversioned bucket and one without lifecycle, as advisories", () => {
    const findings = resourceFindings(s3BucketWithConfigs("raw", { omit: [T.versioning, T.lifecycle] }));
    expect(findings.map((f) => [f.rule, f.level])).toEqual([["bucket-versioned", "advisory"], ["bucket-lifecycle", "advisory"]]);
  });

  it("find a bucket whose policy does not deny plain HTTP, or that has no policy", () => {
    expect(ruleIds(resourceFindings(s3BucketWithConfigs("raw", { omit: [T.bucketPolicy] })))).toEqual(["bucket-tls-only"]);
    const [bucket, ...rest] = s3BucketWithConfigs("raw", { omit: [T.bucketPolicy] });
    const allowOnly = resource(T.bucketPolicy, "storage-raw-policy", { bucket: bucket!.props.bucket, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }) });
    expect(resourceFindings([bucket!, ...rest, allowOnly]).map((f) => f.message)).toEqual(['Bucket "lf-test-raw-123456789012" accepts requests without TLS']);
  });

  it("link through CrossGuard's property dependencies when the bucket's name is not known yet (a preview)", () => {
    const [bucket, ...configs] = s3BucketWithConfigs("raw");
    const unknownName = configs.map((c) => ({ ...c, props: { ...c.props, bucket: undefined }, references: { bucket: [{ type: T.s3Bucket, name: "storage-raw" }] } }));
    expect(resourceFindings([{ ...bucket!, props: { tags: bucket!.props.tags } }, ...unknownName])).toEqual([]);
  });

  it("read the deprecated inline settings of a bucket too", () => {
    const inline = resource(T.s3Bucket, "legacy", {
      bucket: "legacy-bucket",
      serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
      versioning: { enabled: true },
      lifecycleRules: [{ enabled: true, expiration: { days: 30 } }],
      policy: JSON.parse(s3BucketWithConfigs("x")[5]!.props.policy as string),
    });
    expect(ruleIds(resourceFindings([inline]))).toEqual(["bucket-public-access-blocked", "bucket-tls-only"]);
  });
});

describe("bucket rules on GCP, where a bucket carries its settings", () => {
  it("accept a CMEK-encrypted bucket with public access prevention, versioning and a lifecycle", () => {
    expect(resourceFindings([gcsBucket()])).toEqual([]);
  });

  it("find each missing setting", () => {
    const bare = gcsBucket({ encryption: undefined, publicAccessPrevention: "inherited", versioning: { enabled: false }, lifecycleRules: [] });
    expect(resourceFindings([bare]).map((f) => [f.rule, f.message])).toEqual([
      ["bucket-encrypted", 'Bucket "lf-gtest-raw-acme" is not encrypted with a customer-managed key (CMEK)'],
      ["bucket-public-access-blocked", 'Bucket "lf-gtest-raw-acme" does not enforce public access prevention'],
      ["bucket-versioned", 'Bucket "lf-gtest-raw-acme" is not versioned'],
      ["bucket-lifecycle", 'Bucket "lf-gtest-raw-acme" has no lifecycle rule'],
    ]);
  });
});

describe("enforcement levels", () => {
  it("follow the stack's overrides and skip disabled rules", () => {
    const resources = s3BucketWithConfigs("raw", { omit: [T.sse, T.versioning] });
    expect(resourceFindings(resources, { "bucket-encrypted": "advisory", "bucket-versioned": "disabled" }).map((f) => [f.rule, f.level])).toEqual([["bucket-encrypted", "advisory"]]);
  });
});
