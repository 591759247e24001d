import type { PlatformPlan } from "../../plan/platform-plan.ts";
import { physicalBucketName, type AwsAccount } from "../aws-account.ts";
import { kmsUseStatement, s3PrefixStatements } from "../iam/s3-access.ts";
import { policyDocument, type PolicyDocument } from "../iam/policy-document.ts";

/** The tier buckets (raw, clean, curated): the locations Lake Formation governs. */
export function tierBuckets(plan: Pick<PlatformPlan, "databases">, account: Pick<AwsAccount, "accountId">): string[] {
  return plan.databases.map((database) => physicalBucketName(database.bucket, account.accountId));
}

/**
 * The policy of the role Lake Formation uses to vend access to the registered tier buckets:
 * objects of those buckets only (it serves every table of a tier), and the data key.
 */
export function lakeFormationRolePolicy(plan: Pick<PlatformPlan, "databases">, account: AwsAccount, keyArn: string): PolicyDocument {
  const accesses = tierBuckets(plan, account).map((bucket) => ({ bucket, prefix: "", access: "write" as const }));
  return policyDocument([...s3PrefixStatements("TierData", accesses, account), kmsUseStatement(keyArn)]);
}
