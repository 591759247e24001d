import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { LakeformError } from "../../core/errors.ts";
import { s3StoreError } from "../../storage/s3/s3-errors.ts";
import { parseS3Uri } from "../../storage/s3/s3-uri.ts";

/** Downloads at once while mirroring. */
const DOWNLOADS_AT_ONCE = 4;

/** One object of the landing prefix, as listed. */
interface LandedObject {
  readonly key: string;
  /** Relative to the prefix, `/`-separated: the landing path a source's pattern matches. */
  readonly path: string;
  readonly bytes: number;
  readonly modified: Date;
  /** Changes with every write of the object, even one of the same size within the same second. */
  readonly etag: string;
}

/** Where the mirror remembers each file's ETag (hidden: landing listings skip it). */
const MANIFEST = ".lakeform-s3-mirror.json";

/** What a mirror pass did, by landing path. */
export interface MirrorResult {
  readonly downloaded: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/** A landing path safe to write below the mirror: no empty, `.`, `..` or hidden segment. */
const isSafePath = (path: string) => path !== "" && path.split("/").every((part) => part !== "" && !part.startsWith("."));

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
      if (o.Key !== undefined && isSafePath(path)) found.push({ key: o.Key, path, bytes: o.Size ?? 0, modified: o.LastModified ?? new Date(0), etag: o.ETag ?? "" });
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return found;
}

async function localFiles(dir: string, root: string, found: Set<string>): Promise<Set<string>> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await localFiles(path, root, found);
    else found.add(relative(root, path).split(sep).join("/"));
  }
  return found;
}

/** Downloads one object into a hidden temporary file, stamps it with the object's time, then renames it into place. */
async function download(client: S3Client, bucket: string, object: LandedObject, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const partial = join(dirname(target), `.${randomBytes(6).toString("hex")}.lakeform-partial`);
  try {
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
    await pipeline(Body as Readable, createWriteStream(partial, { mode: 0o600 }));
    const { size } = await stat(partial);
    if (size !== object.bytes) throw new LakeformError(`Landing file s3://${bucket}/${object.key}: ${size} bytes arrived, but it has ${object.bytes}. Fix: run again; if it persists, check the network.`);
    await utimes(partial, object.modified, object.modified);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error instanceof LakeformError ? error : s3StoreError(error, { bucket, key: object.key, action: "download the landing file", endpoint: await endpointOf(client) });
  }
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
  const prefix = location.key === "" || location.key.endsWith("/") ? location.key : `${location.key}/`;
  const objects = await listPrefix(client, location.bucket, prefix);
  const present = await localFiles(into, into, new Set());
  const wanted = new Set(objects.map((o) => o.path));
  const manifestPath = join(into, MANIFEST);
  const etags = new Map<string, string>(Object.entries(await readFile(manifestPath, "utf8").then((text) => JSON.parse(text) as Record<string, string>, () => ({}))));
  const stale: LandedObject[] = [];
  for (const object of objects) {
    const local = await stat(join(into, ...object.path.split("/"))).catch(() => undefined);
    const same = local?.isFile() === true && local.size === object.bytes && local.mtimeMs === object.modified.getTime() && etags.get(object.path) === object.etag;
    if (!same) stale.push(object);
  }
  let next = 0;
  const worker = async () => {
    while (next < stale.length) {
      const object = stale[next++] as LandedObject;
      await download(client, location.bucket, object, join(into, ...object.path.split("/")));
      etags.set(object.path, object.etag);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, stale.length) }, worker));
  const removed = [...present].filter((path) => !wanted.has(path)).sort();
  await Promise.all(removed.map((path) => rm(join(into, ...path.split("/")), { force: true })));
  await writeFile(manifestPath, JSON.stringify(Object.fromEntries(objects.map((o) => [o.path, etags.get(o.path) ?? ""]))), { mode: 0o600 });
  return { downloaded: stale.map((o) => o.path).sort(), removed, unchanged: objects.length - stale.length };
}
