import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BucketRole, PlatformPlan } from "../../plan/platform-plan.ts";
import { dataResourceOptions, physicalBucketName, type AwsAccount } from "../aws-account.ts";
import { bucketEncryption, PUBLIC_ACCESS_BLOCK } from "./bucket-encryption.ts";
import { bucketLifecycleRules } from "./bucket-lifecycle-rules.ts";
import { ACCESS_LOG_PREFIX, bucketPolicy } from "./bucket-policy.ts";

/** What {@link Storage} deploys: the plan's buckets in one account. */
export interface StorageArgs {
  readonly plan: PlatformPlan;
  readonly account: AwsAccount;
}

/**
 * The platform's object storage (`lakeform:aws:Storage`): a KMS key with yearly rotation and an
 * alias, and one bucket per bucket of the plan, each versioned, encrypted by default
 * ({@link bucketEncryption}), closed to the public, owner-enforced, TLS-only
 * ({@link bucketPolicy}), logging its access to the logs bucket, with the plan's lifecycle
 * ({@link bucketLifecycleRules}). Data buckets of a protected stack (and the key, when any data
 * is protected) are protected and retained on delete.
 */
export class Storage extends pulumi.ComponentResource {
  /** Encrypts every data bucket, the catalog's state database and the platform's secrets. */
  readonly key: aws.kms.Key;
  /** Real bucket names by role (`raw` → `lf-prod-raw-123456789012`). */
  readonly bucketNames: Readonly<Record<BucketRole, string>>;
  readonly buckets: ReadonlyMap<BucketRole, aws.s3.Bucket>;

  constructor(name: string, args: StorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:aws:Storage", name, {}, opts);
    const { plan, account } = args;
    const prefix = plan.environment.prefix;
    const anyProtected = plan.buckets.some((b) => b.protected);
    this.key = new aws.kms.Key(`${name}-key`, {
      description: `Lakeform ${plan.environment.name}: data, state and secrets of ${prefix}`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
    }, { parent: this, ...dataResourceOptions(anyProtected) });
    new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${prefix}-data`, targetKeyId: this.key.keyId }, { parent: this });

    const names = Object.fromEntries(plan.buckets.map((b) => [b.role, physicalBucketName(b.name, account.accountId)])) as Record<BucketRole, string>;
    this.bucketNames = Object.freeze(names);
    const buckets = new Map<BucketRole, aws.s3.Bucket>();
    for (const planned of plan.buckets) {
      const id = `${name}-${planned.role}`;
      const bucketName = names[planned.role];
      const data = dataResourceOptions(planned.protected);
      const bucket = new aws.s3.Bucket(id, { bucket: bucketName, forceDestroy: !planned.protected, tags: { "lakeform:bucket-role": planned.role } }, { parent: this, ...data });
      buckets.set(planned.role, bucket);
      const child = { parent: bucket };
      const ownership = new aws.s3.BucketOwnershipControls(`${id}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
      const publicAccess = new aws.s3.BucketPublicAccessBlock(`${id}-public-access`, { bucket: bucket.id, ...PUBLIC_ACCESS_BLOCK }, child);
      const versioning = new aws.s3.BucketVersioning(`${id}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child);
      new aws.s3.BucketServerSideEncryptionConfiguration(`${id}-encryption`, { bucket: bucket.id, rules: [this.key.arn.apply((keyArn) => bucketEncryption(planned.role, keyArn))] }, child);
      new aws.s3.BucketPolicy(`${id}-policy`, { bucket: bucket.id, policy: JSON.stringify(bucketPolicy(bucketName, account, { receivesAccessLogs: planned.role === "logs" })) }, { parent: bucket, dependsOn: [publicAccess, ownership] });
      new aws.s3.BucketLifecycleConfiguration(`${id}-lifecycle`, { bucket: bucket.id, rules: bucketLifecycleRules(planned) }, { parent: bucket, dependsOn: [versioning] });
      // The logs bucket does not log its own access: that would log each log delivery, forever.
      if (planned.role !== "logs") new aws.s3.BucketLogging(`${id}-logging`, { bucket: bucket.id, targetBucket: names.logs, targetPrefix: `${ACCESS_LOG_PREFIX}${planned.role}/` }, child);
    }
    this.buckets = buckets;
    this.registerOutputs({ keyArn: this.key.arn, bucketNames: this.bucketNames });
  }
}
