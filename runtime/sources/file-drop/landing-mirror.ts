import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { LakeformError } from "../../core/errors.ts";

/** Downloads at once while mirroring. */
const DOWNLOADS_AT_ONCE = 4;

/** One object of a remote landing prefix, as listed. */
export interface LandedObject {
  /** The object's key or name in its bucket. */
  readonly key: string;
  /** Relative to the prefix, `/`-separated: the landing path a source's pattern matches. */
  readonly path: string;
  readonly bytes: number;
  readonly modified: Date;
  /** Changes with every write of the object, even one of the same size within the same second (S3's ETag, GCS's generation). */
  readonly revision: string;
}

/** What a mirror pass did, by landing path. */
export interface MirrorResult {
  readonly downloaded: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/** How one object store's landing is mirrored: its objects, and how to fetch one. */
export interface MirrorSource {
  /** The hidden file in the mirror remembering each file's revision (landing listings skip hidden files). */
  readonly manifest: string;
  /** `s3://bucket/key` or `gs://bucket/name`, for messages. */
  uriOf(object: LandedObject): string;
  /** Streams the object into the file `path`. */
  fetch(object: LandedObject, path: string): Promise<void>;
}

/** A landing path safe to write below the mirror: no empty, `.`, `..` or hidden segment. */
export const isSafePath = (path: string) => path !== "" && path.split("/").every((part) => part !== "" && !part.startsWith("."));

/** A prefix as a folder: `""`, or ending in `/`. */
export const folderPrefix = (prefix: string) => (prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`);

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

/** Downloads one object into a hidden temporary file, checks its size, stamps it with the object's time, then renames it into place. */
async function download(source: MirrorSource, object: LandedObject, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const partial = join(dirname(target), `.${randomBytes(6).toString("hex")}.lakeform-partial`);
  try {
    await source.fetch(object, partial);
    const { size } = await stat(partial);
    if (size !== object.bytes) throw new LakeformError(`Landing file ${source.uriOf(object)}: ${size} bytes arrived, but it has ${object.bytes}. Fix: run again; if it persists, check the network.`);
    await utimes(partial, object.modified, object.modified);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * Makes the local folder `into` mirror `objects` (a remote landing prefix, as listed): new and
 * changed objects (another size, time or revision) are downloaded — streamed to a hidden file,
 * renamed into place when whole — unchanged ones are left alone, files whose object is gone are
 * removed. Each file's modification time is the object's (when it landed). Shared by the S3 and
 * GCS landing mirrors.
 */
export async function mirrorObjects(source: MirrorSource, objects: readonly LandedObject[], into: string): Promise<MirrorResult> {
  const present = await localFiles(into, into, new Set());
  const wanted = new Set(objects.map((o) => o.path));
  const manifestPath = join(into, source.manifest);
  const revisions = new Map<string, string>(Object.entries(await readFile(manifestPath, "utf8").then((text) => JSON.parse(text) as Record<string, string>, () => ({}))));
  const stale: LandedObject[] = [];
  for (const object of objects) {
    const local = await stat(join(into, ...object.path.split("/"))).catch(() => undefined);
    // Times within a millisecond are alike: file systems keep them as fractions of seconds.
    const same = local?.isFile() === true && local.size === object.bytes && Math.abs(local.mtimeMs - object.modified.getTime()) < 1 && revisions.get(object.path) === object.revision;
    if (!same) stale.push(object);
  }
  let next = 0;
  const worker = async () => {
    while (next < stale.length) {
      const object = stale[next++] as LandedObject;
      await download(source, object, join(into, ...object.path.split("/")));
      revisions.set(object.path, object.revision);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, stale.length) }, worker));
  const removed = [...present].filter((path) => !wanted.has(path)).sort();
  await Promise.all(removed.map((path) => rm(join(into, ...path.split("/")), { force: true })));
  await mkdir(into, { recursive: true });
  await writeFile(manifestPath, JSON.stringify(Object.fromEntries(objects.map((o) => [o.path, revisions.get(o.path) ?? ""]))), { mode: 0o600 });
  return { downloaded: stale.map((o) => o.path).sort(), removed, unchanged: objects.length - stale.length };
}
