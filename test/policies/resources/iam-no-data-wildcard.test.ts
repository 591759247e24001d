import { describe, expect, it } from "vitest";
import { resourceFindings } from "../../../policies/resources/resource-rules.ts";
import { resource, T } from "./fixtures.ts";

const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const rolePolicy = (...statements: Record<string, unknown>[]) => resource(T.rolePolicy, "compute-task-policy", { role: "lf-test-task", policy: policy(...statements) });

describe("iam-no-data-wildcard: named actions on named data", () => {
  it("accepts exact actions on named buckets, prefixes and Glue tables, and Resource * for non-data actions", () => {
    const findings = resourceFindings([
      rolePolicy(
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::lf-test-raw-1/raw/orders/*"] },
        { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::lf-test-raw-1" },
        { Effect: "Allow", Action: ["glue:GetTable"], Resource: ["arn:aws:glue:eu-west-1:1:table/lf_test_raw/*"] },
        { Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
        { Effect: "Deny", Action: ["s3:*"], Resource: ["*"] },
      ),
    ]);
    expect(findings).toEqual([]);
  });

  it("finds wildcard actions on data and S3 actions on unnamed buckets, statement by statement", () => {
    const findings = resourceFindings([
      rolePolicy(
        { Effect: "Allow", Action: ["S3:*"], Resource: ["arn:aws:s3:::lf-test-raw-1/*"] },
        { Effect: "Allow", Action: "glue:*", Resource: "*" },
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::*/raw/*", "*"] },
        { Effect: "Allow", NotAction: ["iam:*"], Resource: "*" },
      ),
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'IAM policy of RolePolicy "compute-task-policy" (statement 1) allows "S3:*"',
      'IAM policy of RolePolicy "compute-task-policy" (statement 2) allows "glue:*"',
      'IAM policy of RolePolicy "compute-task-policy" (statement 3) allows S3 actions on "arn:aws:s3:::*/raw/*", "*", not on named buckets',
      'IAM policy of RolePolicy "compute-task-policy" (statement 4) allows NotAction [iam:*], i.e. every other action',
    ]);
    expect(new Set(findings.map((f) => `${f.rule} ${f.level} ${f.resource?.type}`))).toEqual(new Set([`iam-no-data-wildcard mandatory ${T.rolePolicy}`]));
  });

  it("reads a role's inline policies and bucket policies' Allow statements", () => {
    const role = resource(T.role, "analyst", { name: "analyst", inlinePolicies: [{ name: "all", policy: policy({ Effect: "Allow", Action: "*", Resource: "*" }) }] });
    const bucketPolicy = resource(T.bucketPolicy, "raw-policy", { bucket: "b", policy: policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: ["s3:*"], Resource: ["arn:aws:s3:::b/*"] }) });
    expect(resourceFindings([role, bucketPolicy]).filter((f) => f.rule === "iam-no-data-wildcard").map((f) => f.message)).toEqual([
      'IAM policy of Role "analyst" (statement 1) allows "*"',
      'IAM policy of BucketPolicy "raw-policy" (statement 1) allows "s3:*"',
    ]);
  });
});
