import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Storage } from "@google-cloud/storage";
import { LakeformError } from "../../core/errors.ts";
import { gcsStoreError } from "../../storage/gcs/gcs-errors.ts";
import { gsUri, parseGsUri } from "../../storage/gcs/gcs-uri.ts";
import { folderPrefix, isSafePath, mirrorObjects, type LandedObject, type MirrorResult } from "./landing-mirror.ts";

async function listPrefix(storage: Storage, bucket: string, prefix: string, endpoint: string): Promise<LandedObject[]> {
  const found: LandedObject[] = [];
  let pageToken: string | undefined;
  do {
    const [files, next] = await storage
      .bucket(bucket)
      .getFiles({ prefix, autoPaginate: false, maxResults: 1000, ...(pageToken === undefined ? {} : { pageToken }) })
      .catch((error: unknown) => {
        throw gcsStoreError(error, { bucket, name: prefix, action: "list the landing files", endpoint });
      });
    for (const file of files) {
      const path = file.name.slice(prefix.length);
      const { size, updated, generation } = file.metadata;
      if (isSafePath(path)) found.push({ key: file.name, path, bytes: Number(size ?? 0), modified: new Date(updated ?? 0), revision: String(generation ?? "") });
    }
    pageToken = (next as { pageToken?: string } | null)?.pageToken;
  } while (pageToken !== undefined);
  return found;
}

/**
 * Mirrors the landing files under a `gs://bucket/prefix/` URI into the local folder `into`, so a
 * file-drop source reads them as it reads a landing directory: the same relative paths (what
 * patterns match and `_source_file` records), each file's modification time set to the object's
 * `updated` time (when it landed). New and changed objects (another size, time or generation)
 * are downloaded — streamed and verified by CRC32C into a hidden file, renamed into place when
 * whole — unchanged ones are left alone, and files whose object is gone are removed. Hidden
 * objects (a segment starting with `.`) are skipped.
 *
 * @example
 * await mirrorGcsLanding(new Storage(), "gs://lf-prod-landing-acme/drops/", join(workspace.root, "landing-mirror"));
 */
export async function mirrorGcsLanding(storage: Storage, from: string, into: string): Promise<MirrorResult> {
  const location = parseGsUri(from);
  if (location === undefined || location.bucket === "") throw new LakeformError(`Landing "${from}" is not a gs://bucket/prefix/ URI. Fix: write it as gs://lf-prod-landing/drops/.`);
  const { bucket } = location;
  const endpoint = storage.apiEndpoint === "https://storage.googleapis.com" ? "Google Cloud Storage" : storage.apiEndpoint;
  const objects = await listPrefix(storage, bucket, folderPrefix(location.name), endpoint);
  return mirrorObjects(
    {
      manifest: ".lakeform-gcs-mirror.json",
      uriOf: (object) => gsUri(bucket, object.key),
      async fetch(object, path) {
        try {
          await pipeline(storage.bucket(bucket).file(object.key).createReadStream({ validation: "crc32c" }), createWriteStream(path, { mode: 0o600 }));
        } catch (error) {
          throw gcsStoreError(error, { bucket, name: object.key, action: "download the landing file", endpoint });
        }
      },
    },
    objects,
    into,
  );
}
