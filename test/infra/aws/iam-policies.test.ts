import { describe, expect, it } from "vitest";
import { emrInstancePolicy, emrServiceExtraPolicy } from "../../../infra/aws/iam/emr-policies.ts";
import { emrSecurityConfiguration } from "../../../infra/aws/iam/emr-security-configuration.ts";
import type { PolicyDocument } from "../../../infra/aws/iam/policy-document.ts";
import { runtimeTaskPolicy } from "../../../infra/aws/iam/runtime-task-policy.ts";
import { s3PrefixStatements } from "../../../infra/aws/iam/s3-access.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { exampleGraph, prodEnvironment } from "../plan/example-stacks.ts";

const account = { accountId: "123456789012", region: "eu-west-1", partition: "aws" };
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/k";
const ARNS = { keyArn: KEY, emrServiceRoleArn: "arn:aws:iam::123456789012:role/lf-prod-emr-service", emrInstanceRoleArn: "arn:aws:iam::123456789012:role/lf-prod-emr-nodes" };
const prod = compile(exampleGraph(), prodEnvironment());
const dev = compile(exampleGraph(), prodEnvironment({ defaultEngine: "duckdb" }));

/** Object ARNs of statements with `action`, as `bucket/prefix*`. */
const objects = (document: PolicyDocument, action: string) =>
  document.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource ?? []).filter((r) => r.includes("/")).map((r) => r.replace("arn:aws:s3:::", "")).sort();
const real = (bucket: string) => `${bucket}-123456789012`;

describe("S3 access by prefix", () => {
  it("grants objects under each prefix and lists each bucket only under them", () => {
    const statements = s3PrefixStatements("Data", [{ bucket: "b", prefix: "raw/orders/", access: "read" }, { bucket: "b", prefix: "raw/orders/", access: "write" }, { bucket: "b", prefix: "raw/customers/", access: "read" }], account);
    expect(statements).toEqual([
      { Sid: "DataRead", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: ["arn:aws:s3:::b/raw/customers/*"] },
      { Sid: "DataWrite", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], Resource: ["arn:aws:s3:::b/raw/orders/*"] },
      { Sid: "DataList0", Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::b"], Condition: { StringLike: { "s3:prefix": ["raw/customers/*", "raw/orders/*"] } } },
      { Sid: "DataLocate", Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: ["arn:aws:s3:::b"] },
    ]);
    expect(s3PrefixStatements("None", [], account)).toEqual([]);
  });
});

describe("the runtime's task role", () => {
  it("reads what DuckDB assets read, and writes every asset's prefix and its run artifacts", () => {
    const document = runtimeTaskPolicy(dev, account, ARNS);
    const writes = dev.compute.map((c) => `${real(c.writes.bucket)}/${c.writes.prefix}*`);
    expect(objects(document, "s3:PutObject")).toEqual([...writes, `${real("lf-prod-artifacts")}/runs/*`].sort());
    const reads = dev.compute.flatMap((c) => c.reads.map((r) => `${real(r.bucket)}/${r.prefix}*`));
    expect(objects(document, "s3:GetObject")).toEqual(expect.arrayContaining(reads));
    expect(document.Statement.some((s) => s.Action.some((a) => a.startsWith("elasticmapreduce:")))).toBe(false);
  });

  it("launches and manages only clusters tagged for its environment, and passes only the EMR roles", () => {
    const document = runtimeTaskPolicy(prod, account, ARNS);
    const launch = document.Statement.find((s) => s.Sid === "LaunchTaggedClusters");
    expect(launch?.Condition).toEqual({ StringEquals: { "aws:RequestTag/lakeform:environment": "prod" } });
    const manage = document.Statement.find((s) => s.Sid === "ManageTaggedClusters");
    expect(manage?.Resource).toEqual(["arn:aws:elasticmapreduce:eu-west-1:123456789012:cluster/*"]);
    expect(manage?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/lakeform:environment": "prod" } });
    expect(document.Statement.find((s) => s.Sid === "PassEmrRoles")?.Resource).toEqual([ARNS.emrServiceRoleArn, ARNS.emrInstanceRoleArn]);
  });

  it("uses Glue on this environment's databases only", () => {
    const glue = runtimeTaskPolicy(prod, account, ARNS).Statement.find((s) => s.Sid === "Catalog");
    expect(glue?.Resource?.filter((r) => !r.endsWith(":catalog")).every((r) => /:(database|table)\/lf_prod_(raw|clean|curated)(\/\*)?$/.test(r))).toBe(true);
  });
});

describe("the EMR roles", () => {
  it("let nodes write exactly the prefixes of EMR assets, run artifacts and EMR logs", () => {
    const document = emrInstancePolicy(prod, account, KEY);
    const emr = prod.compute.filter((c) => c.engine === "emr");
    expect(emr.length).toBeGreaterThan(0);
    expect(objects(document, "s3:PutObject")).toEqual([...emr.map((c) => `${real(c.writes.bucket)}/${c.writes.prefix}*`), `${real("lf-prod-artifacts")}/runs/*`, `${real("lf-prod-logs")}/emr/*`].sort());
    expect(objects(emrInstancePolicy(dev, account, KEY), "s3:PutObject")).toEqual([`${real("lf-prod-artifacts")}/runs/*`, `${real("lf-prod-logs")}/emr/*`]);
  });

  it("let the EMR service pass only the nodes' role to EC2 and grant the key only for AWS resources", () => {
    const document = emrServiceExtraPolicy(ARNS.emrInstanceRoleArn, KEY);
    expect(document.Statement.find((s) => s.Action.includes("iam:PassRole"))).toMatchObject({ Resource: [ARNS.emrInstanceRoleArn], Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } });
    expect(document.Statement.find((s) => s.Action.includes("kms:CreateGrant"))?.Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": "true" } });
  });

  it("encrypt at rest with the key; in transit is left off until a certificate exists", () => {
    expect(emrSecurityConfiguration(KEY)).toMatchObject({
      EncryptionConfiguration: {
        EnableAtRestEncryption: true,
        EnableInTransitEncryption: false,
        AtRestEncryptionConfiguration: { S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: KEY }, LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: "AwsKms", AwsKmsKey: KEY, EnableEbsEncryption: true } },
      },
    });
  });
});

describe("every compute policy", () => {
  it("has no wildcard in an action and no resource outside the platform", () => {
    for (const document of [runtimeTaskPolicy(prod, account, ARNS), runtimeTaskPolicy(dev, account, ARNS), emrInstancePolicy(prod, account, KEY), emrServiceExtraPolicy(ARNS.emrInstanceRoleArn, KEY)]) {
      for (const statement of document.Statement) {
        expect(statement.Action.filter((a) => a.includes("*"))).toEqual([]);
        for (const resource of statement.Resource ?? []) {
          expect(resource).not.toBe("*");
          if (resource.startsWith("arn:aws:s3:::")) expect(resource).toMatch(/^arn:aws:s3:::lf-prod-[a-z]+-123456789012(\/[a-z_]+\/([a-z_]+\/)?\*)?$/);
        }
      }
    }
  });
});
