import type { CollectedResource } from "../collect/collected-resource.ts";
import { bucketConfigs, bucketLabel, s3Buckets } from "./bucket-configs.ts";
import { iamStatements, type IamStatement } from "./policy-statements.ts";
import { type ResourceRule, type ResourceViolation, violation } from "./resource-rule.ts";
import { textAt } from "./resource-props.ts";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** `aws:SecureTransport` is false in a `Bool`/`BoolIfExists` condition. */
const withoutTls = (statement: IamStatement): boolean =>
  ["Bool", "BoolIfExists"].some((operator) => {
    const value = statement.condition[operator]?.["aws:SecureTransport"];
    return [value].flat().some((v) => v === false || v === "false");
  });

/** A statement denying every S3 action, to everyone, on the bucket's objects, when the request is not over TLS. */
function deniesPlainHttp(statement: IamStatement, bucketName: string | undefined): boolean {
  if (statement.effect !== "Deny" || !withoutTls(statement)) return false;
  if (!statement.principals.includes("*")) return false;
  if (!statement.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*")) return false;
  // The bucket's name is unknown in a preview of a new bucket: the statement's shape is all we can check.
  if (bucketName === undefined) return true;
  return statement.resources.some((r) => r === "*" || r.endsWith(`:s3:::${bucketName}/*`));
}

function violations(bucket: CollectedResource, resources: readonly CollectedResource[]): ResourceViolation[] {
  const name = textAt(bucket.props, "bucket");
  const statements = [...bucketConfigs(bucket, resources, BUCKET_POLICY).flatMap((policy) => iamStatements(policy.props.policy)), ...iamStatements(bucket.props.policy)];
  if (statements.some((s) => deniesPlainHttp(s, name))) return [];
  return [violation(bucket, `${bucketLabel(bucket)} accepts requests without TLS`, 'add a bucket policy statement denying "s3:*" to Principal "*" on the bucket and its objects when aws:SecureTransport is "false"')];
}

/** S3 buckets refuse requests that are not over TLS. */
export const bucketTlsOnly: ResourceRule = Object.freeze({
  id: "bucket-tls-only",
  description: "Every S3 bucket's policy denies all requests made without TLS (aws:SecureTransport false); GCS serves only over TLS, so the rule is AWS only.",
  defaultLevel: "mandatory",
  clouds: ["aws"],
  kind: "stack",
  validateStack: (resources: readonly CollectedResource[]) => s3Buckets(resources).flatMap((bucket) => violations(bucket, resources)),
} as const);
