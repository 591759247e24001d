import type { CollectedResource } from "../collect/collected-resource.ts";
import { bucketConfigs, bucketLabel, gcsBuckets, s3Buckets } from "./bucket-configs.ts";
import { type ResourceRule, type ResourceViolation, violation } from "./resource-rule.ts";
import { listOf } from "./resource-props.ts";

const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";

function s3Violations(bucket: CollectedResource, resources: readonly CollectedResource[]): ResourceViolation[] {
  const rules = [
    ...bucketConfigs(bucket, resources, LIFECYCLE).flatMap((config) => listOf(config.props.rules)).filter((rule) => (rule as { status?: unknown }).status === "Enabled"),
    ...listOf(bucket.props.lifecycleRules).filter((rule) => (rule as { enabled?: unknown }).enabled === true),
  ];
  return rules.length > 0 ? [] : [violation(bucket, `${bucketLabel(bucket)} has no enabled lifecycle rule`, "add an aws.s3.BucketLifecycleConfiguration (at least: expire noncurrent versions and abort incomplete multipart uploads)")];
}

function gcsViolations(bucket: CollectedResource): ResourceViolation[] {
  return listOf(bucket.props.lifecycleRules).length > 0 ? [] : [violation(bucket, `${bucketLabel(bucket)} has no lifecycle rule`, "add lifecycleRules (at least: delete noncurrent versions after some days)")];
}

/** Every bucket has a lifecycle: old versions and unfinished uploads do not pile up forever. */
export const bucketLifecycle: ResourceRule = Object.freeze({
  id: "bucket-lifecycle",
  description: "Every bucket has at least one enabled lifecycle rule, so old versions, unfinished uploads and expired data do not accumulate.",
  defaultLevel: "advisory",
  clouds: ["aws", "gcp"],
  kind: "stack",
  validateStack: (resources: readonly CollectedResource[]) => [
    ...s3Buckets(resources).flatMap((bucket) => s3Violations(bucket, resources)),
    ...gcsBuckets(resources).flatMap(gcsViolations),
  ],
} as const);
