import type { BucketPlan } from "../../plan/platform-plan.ts";
import { ENVIRONMENT_LABEL, labelValue, physicalBucketName, type GcpProject } from "../gcp-project.ts";
import { gcsLifecycleRules, type GcsLifecycleRule } from "./gcs-lifecycle-rules.ts";

/** The inputs of one `gcp.storage.Bucket`, as plain data. */
export interface GcsBucketArgs<Key = string> {
  readonly name: string;
  readonly location: string;
  readonly storageClass: "STANDARD";
  readonly uniformBucketLevelAccess: true;
  readonly publicAccessPrevention: "enforced";
  readonly versioning: { readonly enabled: true };
  readonly encryption: { readonly defaultKmsKeyName: Key };
  readonly lifecycleRules: GcsLifecycleRule[];
  /** Unprotected buckets may be destroyed with their objects (dev); protected ones never. */
  readonly forceDestroy: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * One planned bucket on GCS: named with the project id, in the stack's region, uniform
 * bucket-level access (no object ACLs), public access prevention enforced, versioned,
 * encrypted by default with the platform's key (CMEK), with the plan's lifecycle.
 */
export function gcsBucketArgs<Key>(bucket: BucketPlan, project: GcpProject, environment: string, kmsKeyName: Key): GcsBucketArgs<Key> {
  return {
    name: physicalBucketName(bucket.name, project.projectId),
    location: project.region.toUpperCase(),
    storageClass: "STANDARD",
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    versioning: { enabled: true },
    encryption: { defaultKmsKeyName: kmsKeyName },
    lifecycleRules: gcsLifecycleRules(bucket),
    forceDestroy: !bucket.protected,
    labels: { [ENVIRONMENT_LABEL]: labelValue(environment), "lakeform-bucket-role": bucket.role },
  };
}
