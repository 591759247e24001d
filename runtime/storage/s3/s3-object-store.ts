import { createHash } from "node:crypto";
import { mkdir, mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type HeadObjectCommandOutput,
} from "@aws-sdk/client-s3";
import { filesAt, type FilesLocation } from "../data-location.ts";
import { sha256OfHandle } from "../file-sha256.ts";
import { compareKeys } from "../key-order.ts";
import type { ListPage, ObjectStore } from "../object-store.ts";
import { OWNER_ONLY_DIR } from "../../workspace/owner-only.ts";
import { contentMd5, uploadInParts } from "./multipart-upload.ts";
import { s3StoreError, S3StoreError, type S3Operation } from "./s3-errors.ts";
import { resolveS3Options, s3ClientConfig, type ResolvedS3Options, type S3ObjectStoreOptions } from "./s3-store-options.ts";
import { s3Uri } from "./s3-uri.ts";

/** The object metadata that holds a file's SHA-256 (`x-amz-meta-sha256`), written by `commit`. */
export const SHA256_METADATA = "sha256";
const SHA256 = /^[0-9a-f]{64}$/;
/** DeleteObjects takes at most this many keys. */
const DELETE_BATCH = 1000;

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.name === "NoSuchKey" || (e.$metadata?.httpStatusCode === 404 && e.name !== "NoSuchBucket");
};

/**
 * The object store on S3 (or an S3-compatible server): keys are object keys below an optional
 * prefix of one bucket. Writers write a scratch file (`writePathOf`); `commit` uploads it — one
 * PutObject below `multipartThreshold`, a multipart upload in bounded memory above — with its
 * SHA-256 in the object's metadata, then deletes the scratch file (kept if the upload fails, so
 * `commit` can be retried).
 *
 * `digestOf` answers from that metadata when present: S3 replaces metadata on every write, so an
 * object rewritten by anything else has none and is read and hashed instead.
 *
 * @example
 * const store = new S3ObjectStore({ bucket: "lake-prod-data", prefix: "lakeform", client: { region: "eu-west-1" } });
 * await writeFile(await store.writePathOf("clean/orders/v-1.parquet"), bytes);
 * await store.commit("clean/orders/v-1.parquet"); // → { bytes, sha256 }
 * store.locationOf("clean/orders/v-1.parquet").uri // "s3://lake-prod-data/lakeform/clean/orders/v-1.parquet"
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = "s3";
  readonly bucket: string;
  /** The key prefix, without leading or trailing `/`; `""` for the bucket's root. */
  readonly prefix: string;
  /** The S3 client the store sends its requests with (its middleware stack shows every request). */
  readonly client: S3Client;
  private readonly options: ResolvedS3Options;
  private readonly endpoint: string;
  private scratch: Promise<string> | undefined;
  private bucketSeen: Promise<void> | undefined;

  constructor(options: S3ObjectStoreOptions) {
    this.options = resolveS3Options(options);
    this.bucket = this.options.bucket;
    this.prefix = this.options.prefix;
    const config = s3ClientConfig(options.client);
    this.client = new S3Client(config);
    this.endpoint = typeof config.endpoint === "string" ? config.endpoint : config.endpoint === undefined ? "AWS S3" : "the configured endpoint";
  }

  /** The object key of `key`: below the store's prefix. */
  objectKeyOf(key: string): string {
    return this.prefix === "" ? key : `${this.prefix}/${key}`;
  }

  /** The `s3://bucket/prefix/key` location of `key` (see {@link s3Uri} for its encoding). */
  locationOf(key: string): FilesLocation {
    return filesAt(s3Uri(this.bucket, this.objectKeyOf(key)));
  }

  /** A scratch file for `key` in an owner-only folder; the same path until `commit(key)`. */
  async writePathOf(key: string): Promise<string> {
    const dir = await this.scratchDir();
    // Named by bucket, prefix and key: stores of other buckets may share the folder.
    const name = createHash("sha256").update(`${this.bucket}\u0000${this.prefix}\u0000${key}`).digest("hex").slice(0, 32);
    return join(dir, `${name}${extname(key).slice(0, 16)}`);
  }

  async commit(key: string): Promise<{ bytes: number; sha256: string }> {
    const path = await this.writePathOf(key);
    const file = await open(path, "r").catch((error: unknown) => {
      throw new S3StoreError(`S3 object ${s3Uri(this.bucket, this.objectKeyOf(key))}: nothing was written to commit (${(error as Error).message}). Fix: write the file at writePathOf("${key}") before commit("${key}").`, { cause: error });
    });
    let committed: { bytes: number; sha256: string };
    try {
      committed = await this.upload(key, file);
    } finally {
      await file.close();
    }
    await rm(path, { force: true });
    return committed;
  }

  async sizeOf(key: string): Promise<number | undefined> {
    return (await this.head(key))?.ContentLength;
  }

  async digestOf(key: string): Promise<{ bytes: number; sha256: string } | undefined> {
    const head = await this.head(key);
    if (head === undefined) return undefined;
    const bytes = head.ContentLength ?? 0;
    const stored = head.Metadata?.[SHA256_METADATA];
    if (stored !== undefined && SHA256.test(stored)) return { bytes, sha256: stored };
    return this.hashContent(key);
  }

  async modifiedAt(key: string): Promise<Date | undefined> {
    return (await this.head(key))?.LastModified;
  }

  async list(prefix: string, page: ListPage = {}): Promise<string[]> {
    const limit = page.limit === undefined ? Infinity : Math.max(0, page.limit);
    if (limit === 0) return [];
    const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    // Both at once; the listing's error (it has a body: NoSuchBucket, AccessDenied) is the clearer one.
    const [listed, headed] = await Promise.allSettled([this.listBelow(folder, page.after, limit), folder === prefix ? undefined : this.head(prefix)]);
    if (listed.status === "rejected") throw listed.reason;
    if (headed.status === "rejected") throw headed.reason;
    const [itself, below] = [headed.value, listed.value];
    if (itself !== undefined) return page.after === undefined || compareKeys(prefix, page.after) > 0 ? [prefix] : [];
    return below;
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      const at: S3Operation = { bucket: this.bucket, action: `delete ${batch.length} objects`, endpoint: this.endpoint };
      const { Errors: errors = [] } = await this.send(at, () =>
        this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Quiet: true, Objects: batch.map((key) => ({ Key: this.objectKeyOf(key) })) } })),
      );
      const failed = errors.filter((e) => e.Code !== "NoSuchKey");
      if (failed.length > 0) {
        const first = failed[0];
        throw s3StoreError({ name: first?.Code, message: `${failed.length} of ${batch.length} objects were not deleted, e.g. ${first?.Key}: ${first?.Message}` }, at);
      }
    }
  }

  /** Closes the client's connections, and deletes the scratch folder if the store made it in the temp directory. */
  async close(): Promise<void> {
    this.client.destroy();
    if (this.options.scratchDir === undefined && this.scratch !== undefined) await rm(await this.scratch, { recursive: true, force: true });
  }

  private scratchDir(): Promise<string> {
    const configured = this.options.scratchDir;
    this.scratch ??= configured === undefined ? mkdtemp(join(tmpdir(), "lakeform-s3-")) : mkdir(configured, { recursive: true, mode: OWNER_ONLY_DIR }).then(() => configured);
    return this.scratch;
  }

  /** Uploads the scratch file of `key`: hashed, then put whole or in parts, its SHA-256 in metadata. */
  private async upload(key: string, file: FileHandle): Promise<{ bytes: number; sha256: string }> {
    const Key = this.objectKeyOf(key);
    const at: S3Operation = { bucket: this.bucket, key: Key, action: "upload", endpoint: this.endpoint };
    const { size: bytes } = await file.stat();
    if (bytes < this.options.multipartThreshold) {
      const body = Buffer.alloc(bytes);
      for (let done = 0; done < bytes; ) {
        const { bytesRead } = await file.read(body, done, bytes - done, done);
        if (bytesRead === 0) throw new Error(`the file ended at byte ${done} of ${bytes} while it was read`);
        done += bytesRead;
      }
      const sha256 = createHash("sha256").update(body).digest("hex");
      await this.send(at, () =>
        this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: body, ContentLength: bytes, ContentMD5: contentMd5(body), Metadata: { [SHA256_METADATA]: sha256 } })),
      );
      return { bytes, sha256 };
    }
    // The digest goes in the metadata, which S3 takes when the upload starts: hash first, then upload.
    const sha256 = await sha256OfHandle(file, bytes);
    const { partSize, uploadConcurrency: concurrency } = this.options;
    await this.send(at, () => uploadInParts(this.client, { bucket: this.bucket, key: Key, file, bytes, metadata: { [SHA256_METADATA]: sha256 }, partSize, concurrency }));
    return { bytes, sha256 };
  }

  /** HeadObject of `key`; undefined when there is no such object (a missing bucket is an error). */
  private async head(key: string): Promise<HeadObjectCommandOutput | undefined> {
    const Key = this.objectKeyOf(key);
    const at: S3Operation = { bucket: this.bucket, key: Key, action: "read the object's metadata", endpoint: this.endpoint };
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
    } catch (error) {
      if (!isNotFound(error)) throw s3StoreError(error, at);
      // HEAD answers a bare 404 for a missing bucket too: tell the two apart once.
      await this.bucketExists();
      return undefined;
    }
  }

  private bucketExists(): Promise<void> {
    const at: S3Operation = { bucket: this.bucket, action: "find the bucket", endpoint: this.endpoint };
    this.bucketSeen ??= this.client.send(new HeadBucketCommand({ Bucket: this.bucket })).then(
      () => undefined,
      (error: unknown) => {
        this.bucketSeen = undefined;
        throw s3StoreError(isNotFound(error) ? Object.assign(new Error("The specified bucket does not exist"), { name: "NoSuchBucket" }) : error, at);
      },
    );
    return this.bucketSeen;
  }

  /** Reads `key` as a stream and hashes it (memory stays at one chunk). */
  private async hashContent(key: string): Promise<{ bytes: number; sha256: string } | undefined> {
    const Key = this.objectKeyOf(key);
    const at: S3Operation = { bucket: this.bucket, key: Key, action: "read the object", endpoint: this.endpoint };
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      const hash = createHash("sha256");
      let bytes = 0;
      for await (const chunk of Body as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        bytes += chunk.length;
      }
      return { bytes, sha256: hash.digest("hex") };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw s3StoreError(error, at);
    }
  }

  /** Keys below `folder` after `after`, at most `limit`, page by page (ListObjectsV2). */
  private async listBelow(folder: string, after: string | undefined, limit: number): Promise<string[]> {
    const Prefix = this.objectKeyOf(folder);
    const at: S3Operation = { bucket: this.bucket, key: Prefix, action: "list the objects", endpoint: this.endpoint };
    const strip = this.prefix === "" ? 0 : this.prefix.length + 1;
    const found: string[] = [];
    let token: string | undefined;
    do {
      const MaxKeys = Math.min(this.options.listPageSize, limit - found.length);
      const listed = await this.send(at, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix,
            MaxKeys,
            ...(token !== undefined ? { ContinuationToken: token } : after !== undefined ? { StartAfter: this.objectKeyOf(after) } : {}),
          }),
        ),
      );
      for (const object of listed.Contents ?? []) if (object.Key !== undefined) found.push(object.Key.slice(strip));
      token = listed.IsTruncated === true ? listed.NextContinuationToken : undefined;
    } while (token !== undefined && found.length < limit);
    // S3 lists in UTF-8 byte order; servers that walk folders (s3rver) may not, within a page.
    return found.sort(compareKeys).slice(0, limit);
  }

  private async send<T>(at: S3Operation, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw s3StoreError(error, at);
    }
  }
}
