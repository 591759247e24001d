import type { PlatformPlan } from "../../plan/platform-plan.ts";
import type { AwsAccount } from "../aws-account.ts";
import { computeAccesses, rolePrefix } from "./compute-access.ts";
import { GLUE_READ, glueStatement } from "./glue-access.ts";
import { EMR_LOG_PREFIX, RUN_ARTIFACTS_PREFIX } from "./platform-prefixes.ts";
import { policyDocument, type PolicyDocument } from "./policy-document.ts";
import { kmsUseStatement, s3PrefixStatements } from "./s3-access.ts";

/** The AWS-managed EMR service policy (v2): scoped by AWS to resources tagged `for-use-with-amazon-emr-managed-policies`. */
export const EMR_SERVICE_MANAGED_POLICY = "service-role/AmazonEMRServicePolicy_v2";

/** The tag the EMR v2 service policy requires on subnets and security groups EMR uses. */
export const EMR_MANAGED_TAG = Object.freeze({ "for-use-with-amazon-emr-managed-policies": "true" });

/**
 * The EMR nodes' role (the EC2 instance profile): the data of the assets computed on EMR
 * (reads read, writes written), run artifacts (step scripts in, audits out), EMR logs, the data
 * key, and reading this environment's catalog.
 */
export function emrInstancePolicy(plan: Pick<PlatformPlan, "compute" | "buckets" | "databases">, account: AwsAccount, keyArn: string): PolicyDocument {
  return policyDocument([
    ...s3PrefixStatements("Data", [
      ...computeAccesses(plan, ["emr"], account),
      rolePrefix(plan, "artifacts", RUN_ARTIFACTS_PREFIX, "write", account),
      rolePrefix(plan, "logs", EMR_LOG_PREFIX, "write", account),
    ], account),
    kmsUseStatement(keyArn),
    glueStatement("Catalog", GLUE_READ, plan, account),
  ]);
}

/**
 * What the EMR service role needs besides the managed v2 policy: passing the nodes' role to
 * EC2, and the data key for the nodes' encrypted EBS volumes (grants for AWS resources only).
 */
export function emrServiceExtraPolicy(instanceRoleArn: string, keyArn: string): PolicyDocument {
  return policyDocument([
    { Sid: "PassNodeRole", Effect: "Allow", Action: ["iam:PassRole"], Resource: [instanceRoleArn], Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } },
    { Sid: "EncryptVolumes", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"], Resource: [keyArn] },
    { Sid: "GrantForVolumes", Effect: "Allow", Action: ["kms:CreateGrant"], Resource: [keyArn], Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
  ]);
}
