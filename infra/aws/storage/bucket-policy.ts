import { bucketArn, objectsArn, type AwsAccount } from "../aws-account.ts";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iam/policy-document.ts";

/** Where S3 server access logs of the other buckets go, in the logs bucket. */
export const ACCESS_LOG_PREFIX = "s3-access/";

/**
 * A bucket's policy: every request without TLS is denied (`aws:SecureTransport` false). The
 * logs bucket also lets the S3 logging service of this account write access logs under
 * {@link ACCESS_LOG_PREFIX} (with BucketOwnerEnforced, log delivery goes through the policy, not ACLs).
 */
export function bucketPolicy(bucket: string, account: AwsAccount, options: { readonly receivesAccessLogs: boolean }): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "DenyWithoutTls",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: ["s3:*"],
      Resource: [bucketArn(account, bucket), objectsArn(account, bucket, "")],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
  if (options.receivesAccessLogs) {
    statements.push({
      Sid: "AccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: ["s3:PutObject"],
      Resource: [objectsArn(account, bucket, ACCESS_LOG_PREFIX)],
      Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
    });
  }
  return policyDocument(statements);
}
