import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { LakeformError } from "../../core/errors.ts";
import { s3StoreError } from "../../storage/s3/s3-errors.ts";
import { parseS3Uri } from "../../storage/s3/s3-uri.ts";
import { folderPrefix, isSafePath, mirrorObjects, type LandedObject, type MirrorResult } from "./landing-mirror.ts";

export type { MirrorResult };

/** The endpoint `client` sends to, for messages: a custom URL, or AWS S3. */
async function endpointOf(client: S3Client): Promise<string> {
  const endpoint = await client.config.endpoint?.();
  if (endpoint === undefined) return "AWS S3";
  return `${endpoint.protocol}//${endpoint.hostname}${endpoint.port === undefined ? "" : `:${endpoint.port}`}${endpoint.path === "/" ? "" : endpoint.path}`;
}

async function listPrefix(client: S3Client, bucket: string, prefix: string): Promise<LandedObject[]> {
  const endpoint = await endpointOf(client);
  const found: LandedObject[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token === undefined ? {} : { ContinuationToken: token }) })).catch((error: unknown) => {
      throw s3StoreError(error, { bucket, key: prefix, action: "list the landing files", endpoint });
    });
    for (const o of page.Contents ?? []) {
      const path = (o.Key ?? "").slice(prefix.length);
      if (o.Key !== undefined && isSafePath(path)) found.push({ key: o.Key, path, bytes: o.Size ?? 0, modified: o.LastModified ?? new Date(0), revision: o.ETag ?? "" });
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return found;
}

/**
 * Mirrors the landing files under an `s3://bucket/prefix/` URI into the local folder `into`, so
 * a file-drop source reads them as it reads a landing directory: the same relative paths (what
 * patterns match and `_source_file` records), each file's modification time set to the object's
 * (when it landed). New and changed objects (another size, time or ETag) are downloaded — streamed to a
 * hidden file, renamed into place when whole — unchanged ones are left alone, and files whose
 * object is gone are removed. Hidden objects (a segment starting with `.`) are skipped.
 *
 * @example
 * await mirrorS3Landing(client, "s3://lake-prod-landing/drops/", join(workspace.scratchDir, "landing"));
 * await lookAtLanding({ ..., landingDir: join(workspace.scratchDir, "landing") });
 */
export async function mirrorS3Landing(client: S3Client, from: string, into: string): Promise<MirrorResult> {
  const location = parseS3Uri(from);
  if (location === undefined) throw new LakeformError(`Landing "${from}" is not an s3://bucket/prefix/ URI. Fix: write it as s3://lake-prod-landing/drops/.`);
  const bucket = location.bucket;
  const objects = await listPrefix(client, bucket, folderPrefix(location.key));
  return mirrorObjects(
    {
      manifest: ".lakeform-s3-mirror.json",
      uriOf: (object) => `s3://${bucket}/${object.key}`,
      async fetch(object, path) {
        try {
          const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
          await pipeline(Body as Readable, createWriteStream(path, { mode: 0o600 }));
        } catch (error) {
          throw s3StoreError(error, { bucket, key: object.key, action: "download the landing file", endpoint: await endpointOf(client) });
        }
      },
    },
    objects,
    into,
  );
}
