import type { CollectedResource } from "../collect/collected-resource.ts";
import { bucketConfigs, bucketLabel, gcsBuckets, s3Buckets } from "./bucket-configs.ts";
import { type ResourceRule, type ResourceViolation, violation } from "./resource-rule.ts";
import { at } from "./resource-props.ts";

const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";

function s3Violations(bucket: CollectedResource, resources: readonly CollectedResource[]): ResourceViolation[] {
  const enabled = bucketConfigs(bucket, resources, VERSIONING).some((v) => at(v.props, "versioningConfiguration", "status") === "Enabled") || at(bucket.props, "versioning", "enabled") === true;
  return enabled ? [] : [violation(bucket, `${bucketLabel(bucket)} is not versioned`, 'add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled"')];
}

function gcsViolations(bucket: CollectedResource): ResourceViolation[] {
  return at(bucket.props, "versioning", "enabled") === true ? [] : [violation(bucket, `${bucketLabel(bucket)} is not versioned`, "set versioning.enabled: true")];
}

/** Every bucket keeps replaced and deleted objects' versions. */
export const bucketVersioned: ResourceRule = Object.freeze({
  id: "bucket-versioned",
  description: "Every bucket is versioned, so an overwritten or deleted object can be recovered.",
  defaultLevel: "advisory",
  clouds: ["aws", "gcp"],
  kind: "stack",
  validateStack: (resources: readonly CollectedResource[]) => [
    ...s3Buckets(resources).flatMap((bucket) => s3Violations(bucket, resources)),
    ...gcsBuckets(resources).flatMap(gcsViolations),
  ],
} as const);
