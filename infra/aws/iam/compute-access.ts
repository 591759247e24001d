import type { EngineName } from "lakeform";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import { bucketOfRole, physicalBucketName, type AwsAccount } from "../aws-account.ts";
import type { PrefixAccess } from "./s3-access.ts";

/**
 * The data prefixes of the assets computed on `engines`: what they read (read) and where they
 * write (write), with real bucket names.
 */
export function computeAccesses(plan: Pick<PlatformPlan, "compute">, engines: readonly EngineName[], account: Pick<AwsAccount, "accountId">): PrefixAccess[] {
  return plan.compute
    .filter((c) => engines.includes(c.engine))
    .flatMap((c) => [
      ...c.reads.map((r): PrefixAccess => ({ bucket: physicalBucketName(r.bucket, account.accountId), prefix: r.prefix, access: "read" })),
      { bucket: physicalBucketName(c.writes.bucket, account.accountId), prefix: c.writes.prefix, access: "write" as const },
    ]);
}

/** Every asset's own prefix, written: the runtime expires partitions past retention and publishes every engine's versions. */
export function everyAssetPrefix(plan: Pick<PlatformPlan, "compute">, account: Pick<AwsAccount, "accountId">): PrefixAccess[] {
  return plan.compute.map((c) => ({ bucket: physicalBucketName(c.writes.bucket, account.accountId), prefix: c.writes.prefix, access: "write" }));
}

/** A prefix of one of the plan's buckets by role. */
export function rolePrefix(plan: Pick<PlatformPlan, "buckets">, role: "artifacts" | "logs", prefix: string, access: PrefixAccess["access"], account: Pick<AwsAccount, "accountId">): PrefixAccess {
  return { bucket: bucketOfRole(plan, role, account.accountId), prefix, access };
}
