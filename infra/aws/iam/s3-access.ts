import { bucketArn, objectsArn, type AwsAccount } from "../aws-account.ts";
import type { PolicyStatement } from "./policy-document.ts";

/** Access to the objects under one prefix of one (real) bucket. */
export interface PrefixAccess {
  readonly bucket: string;
  /** Ends with `/`, or "" for the whole bucket. */
  readonly prefix: string;
  readonly access: "read" | "write";
}

const READ = ["s3:GetObject", "s3:GetObjectVersion"];
const WRITE = [...READ, "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * IAM statements granting exactly `accesses`: object actions on `bucket/prefix*`, and listing
 * each bucket only under those prefixes (`s3:prefix`). Write includes read. A prefix written
 * is not also listed as read. No statement when `accesses` is empty.
 */
export function s3PrefixStatements(sid: string, accesses: readonly PrefixAccess[], account: Pick<AwsAccount, "partition">): PolicyStatement[] {
  const written = new Set(accesses.filter((a) => a.access === "write").map((a) => `${a.bucket}/${a.prefix}`));
  const unique = new Map<string, PrefixAccess>();
  for (const a of accesses) {
    const id = `${a.bucket}/${a.prefix}`;
    if (a.access === "write" || !written.has(id)) unique.set(id, a);
  }
  const entries = [...unique.values()].sort((a, b) => byText(`${a.bucket}/${a.prefix}`, `${b.bucket}/${b.prefix}`));
  const reads = entries.filter((a) => a.access === "read").map((a) => objectsArn(account, a.bucket, a.prefix));
  const writes = entries.filter((a) => a.access === "write").map((a) => objectsArn(account, a.bucket, a.prefix));
  const statements: PolicyStatement[] = [];
  if (reads.length > 0) statements.push({ Sid: `${sid}Read`, Effect: "Allow", Action: READ, Resource: reads });
  if (writes.length > 0) statements.push({ Sid: `${sid}Write`, Effect: "Allow", Action: WRITE, Resource: writes });
  const buckets = [...new Set(entries.map((a) => a.bucket))].sort(byText);
  buckets.forEach((bucket, index) => {
    const prefixes = [...new Set(entries.filter((a) => a.bucket === bucket).map((a) => a.prefix))].sort(byText);
    // A listing without a prefix has no s3:prefix key: only whole-bucket access may list that way.
    const wholeBucket = prefixes.includes("");
    statements.push({
      Sid: `${sid}List${index}`,
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [bucketArn(account, bucket)],
      ...(wholeBucket ? {} : { Condition: { StringLike: { "s3:prefix": prefixes.map((prefix) => `${prefix}*`) } } }),
    });
  });
  if (buckets.length > 0) statements.push({ Sid: `${sid}Locate`, Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: buckets.map((bucket) => bucketArn(account, bucket)) });
  return statements;
}

/** Use of the platform's KMS key for reading and writing encrypted objects and secrets. */
export function kmsUseStatement(keyArn: string): PolicyStatement {
  return { Sid: "UseDataKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"], Resource: [keyArn] };
}
