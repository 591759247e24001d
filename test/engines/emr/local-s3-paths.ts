import { join } from "node:path";

/**
 * Where an `s3://bucket/key` URI lives in a local folder standing for S3: `<root>/bucket/key`
 * (a trailing `/` is kept, so a version prefix stays a folder).
 * @throws when `uri` is not an `s3://` URI
 */
export function localPathOfS3(root: string, uri: string): string {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (match === null) throw new Error(`not an s3:// URI: ${uri}`);
  const [, bucket = "", key = ""] = match;
  const path = join(root, bucket, ...key.split("/").filter((s) => s !== ""));
  return key.endsWith("/") ? `${path}/` : path;
}
