import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Storage, type Bucket, type FileMetadata } from "@google-cloud/storage";
import { filesAt, type FilesLocation } from "../data-location.ts";
import { sha256OfHandle } from "../file-sha256.ts";
import { compareKeys } from "../key-order.ts";
import type { ListPage, ObjectStore } from "../object-store.ts";
import { OWNER_ONLY_DIR } from "../../workspace/owner-only.ts";
import { gcsStoreError, GcsStoreError, isMissingObject, type GcsOperation } from "./gcs-errors.ts";
import { resolveGcsOptions, type GcsObjectStoreOptions, type ResolvedGcsOptions } from "./gcs-store-options.ts";
import { gsUri } from "./gcs-uri.ts";

/** The custom metadata that holds a file's SHA-256 (`metadata.sha256`), written by `commit`. */
export const SHA256_METADATA = "sha256";
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The object store on Google Cloud Storage (`@google-cloud/storage`, its JSON API): keys are
 * object names below an optional prefix of one bucket. Writers write a scratch file
 * (`writePathOf`); `commit` hashes it, then streams it up — in one request below
 * `resumableThreshold`, as a resumable upload above — verified end to end by CRC32C (the
 * client compares its own with the one GCS answers and deletes a corrupted object), its SHA-256
 * in the object's custom metadata; then deletes the scratch file (kept if the upload fails, so
 * `commit` can be retried). Listings follow GCS's page tokens, in its UTF-8 byte order.
 *
 * @example
 * const store = new GcsObjectStore({ bucket: "lf-prod-data", prefix: "lakeform" });
 * await writeFile(await store.writePathOf("clean/orders/v-1.parquet"), bytes);
 * await store.commit("clean/orders/v-1.parquet"); // → { bytes, sha256 }
 * store.locationOf("clean/orders/v-1.parquet").uri // "gs://lf-prod-data/lakeform/clean/orders/v-1.parquet"
 */
export class GcsObjectStore implements ObjectStore {
  readonly kind = "gcs";
  readonly bucketName: string;
  /** The name prefix, without leading or trailing `/`; `""` for the bucket's root. */
  readonly prefix: string;
  readonly storage: Storage;
  readonly #bucket: Bucket;
  readonly #options: ResolvedGcsOptions;
  readonly #endpoint: string;
  #scratch: Promise<string> | undefined;

  constructor(options: GcsObjectStoreOptions) {
    this.#options = resolveGcsOptions(options);
    this.bucketName = this.#options.bucket;
    this.prefix = this.#options.prefix;
    this.storage = new Storage(options.client ?? {});
    this.#bucket = this.storage.bucket(this.bucketName);
    this.#endpoint = options.client?.apiEndpoint ?? "Google Cloud Storage";
  }

  /** The object name of `key`: below the store's prefix. */
  objectNameOf(key: string): string {
    return this.prefix === "" ? key : `${this.prefix}/${key}`;
  }

  /** The `gs://bucket/prefix/key` location of `key` (see {@link gsUri} for its encoding). */
  locationOf(key: string): FilesLocation {
    return filesAt(gsUri(this.bucketName, this.objectNameOf(key)));
  }

  /** A scratch file for `key` in an owner-only folder; the same path until `commit(key)`. */
  async writePathOf(key: string): Promise<string> {
    const dir = await this.#scratchDir();
    const name = createHash("sha256").update(`${this.bucketName}\u0000${this.prefix}\u0000${key}`).digest("hex").slice(0, 32);
    return join(dir, `${name}${extname(key).slice(0, 16)}`);
  }

  async commit(key: string): Promise<{ bytes: number; sha256: string }> {
    const path = await this.writePathOf(key);
    const name = this.objectNameOf(key);
    const file = await open(path, "r").catch((error: unknown) => {
      throw new GcsStoreError(`GCS object ${gsUri(this.bucketName, name)}: nothing was written to commit (${(error as Error).message}). Fix: write the file at writePathOf("${key}") before commit("${key}").`, { cause: error });
    });
    let committed: { bytes: number; sha256: string };
    try {
      const { size: bytes } = await file.stat();
      // The digest goes in the metadata, which GCS takes when the upload starts: hash first, then upload.
      const sha256 = await sha256OfHandle(file, bytes);
      const at: GcsOperation = { bucket: this.bucketName, name, action: "upload", endpoint: this.#endpoint };
      await this.#send(at, () =>
        pipeline(
          createReadStream(path),
          this.#bucket.file(name).createWriteStream({ resumable: bytes >= this.#options.resumableThreshold, validation: "crc32c", metadata: { contentType: "application/octet-stream", metadata: { [SHA256_METADATA]: sha256 } } }),
        ),
      );
      committed = { bytes, sha256 };
    } finally {
      await file.close();
    }
    await rm(path, { force: true });
    return committed;
  }

  async sizeOf(key: string): Promise<number | undefined> {
    const meta = await this.#head(key);
    return meta === undefined ? undefined : Number(meta.size ?? 0);
  }

  async digestOf(key: string): Promise<{ bytes: number; sha256: string } | undefined> {
    const meta = await this.#head(key);
    if (meta === undefined) return undefined;
    const stored = meta.metadata?.[SHA256_METADATA];
    if (typeof stored === "string" && SHA256.test(stored)) return { bytes: Number(meta.size ?? 0), sha256: stored };
    return this.#hashContent(key);
  }

  async modifiedAt(key: string): Promise<Date | undefined> {
    const meta = await this.#head(key);
    return meta?.updated === undefined ? undefined : new Date(meta.updated);
  }

  async list(prefix: string, page: ListPage = {}): Promise<string[]> {
    const limit = page.limit === undefined ? Infinity : Math.max(0, page.limit);
    if (limit === 0) return [];
    const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    const [listed, headed] = await Promise.allSettled([this.#listBelow(folder, page.after, limit), folder === prefix ? undefined : this.#head(prefix)]);
    if (listed.status === "rejected") throw listed.reason;
    if (headed.status === "rejected") throw headed.reason;
    if (headed.value !== undefined) return page.after === undefined || compareKeys(prefix, page.after) > 0 ? [prefix] : [];
    return listed.value;
  }

  async delete(keys: readonly string[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const name = this.objectNameOf(keys[next++] as string);
        await this.#send({ bucket: this.bucketName, name, action: "delete the object", endpoint: this.#endpoint }, () => this.#bucket.file(name).delete({ ignoreNotFound: true }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#options.deleteConcurrency, keys.length) }, worker));
  }

  /** Deletes the scratch folder if the store made it in the temp directory. */
  async close(): Promise<void> {
    if (this.#options.scratchDir === undefined && this.#scratch !== undefined) await rm(await this.#scratch, { recursive: true, force: true });
  }

  #scratchDir(): Promise<string> {
    const configured = this.#options.scratchDir;
    this.#scratch ??= configured === undefined ? mkdtemp(join(tmpdir(), "lakeform-gcs-")) : mkdir(configured, { recursive: true, mode: OWNER_ONLY_DIR }).then(() => configured);
    return this.#scratch;
  }

  /** The object's metadata; undefined when there is no such object (a missing bucket is an error). */
  async #head(key: string): Promise<FileMetadata | undefined> {
    const name = this.objectNameOf(key);
    try {
      const [meta] = await this.#bucket.file(name).getMetadata();
      return meta;
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw gcsStoreError(error, { bucket: this.bucketName, name, action: "read the object's metadata", endpoint: this.#endpoint });
    }
  }

  /** Reads `key` as a stream (CRC32C-checked by the client) and hashes it; memory stays at one chunk. */
  async #hashContent(key: string): Promise<{ bytes: number; sha256: string } | undefined> {
    const name = this.objectNameOf(key);
    try {
      const hash = createHash("sha256");
      let bytes = 0;
      for await (const chunk of this.#bucket.file(name).createReadStream({ validation: "crc32c" })) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      return { bytes, sha256: hash.digest("hex") };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw gcsStoreError(error, { bucket: this.bucketName, name, action: "read the object", endpoint: this.#endpoint });
    }
  }

  /** Names below `folder` after `after`, at most `limit`, page by page (`pageToken`). */
  async #listBelow(folder: string, after: string | undefined, limit: number): Promise<string[]> {
    const prefix = this.objectNameOf(folder);
    const at: GcsOperation = { bucket: this.bucketName, name: prefix, action: "list the objects", endpoint: this.#endpoint };
    const strip = this.prefix === "" ? 0 : this.prefix.length + 1;
    const startOffset = after === undefined ? undefined : this.objectNameOf(after);
    const found: string[] = [];
    let pageToken: string | undefined;
    do {
      const maxResults = Math.min(this.#options.listPageSize, limit - found.length + (startOffset === undefined ? 0 : 1));
      const [files, next] = await this.#send(at, () => this.#bucket.getFiles({ prefix, maxResults, autoPaginate: false, ...(pageToken === undefined ? {} : { pageToken }), ...(startOffset === undefined ? {} : { startOffset }) }));
      // startOffset is inclusive: the key after which the page starts is not in it.
      for (const file of files) if (startOffset === undefined || compareKeys(file.name, startOffset) > 0) found.push(file.name.slice(strip));
      pageToken = (next as { pageToken?: string } | null)?.pageToken;
    } while (pageToken !== undefined && found.length < limit);
    return found.sort(compareKeys).slice(0, limit);
  }

  async #send<T>(at: GcsOperation, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw gcsStoreError(error, at);
    }
  }
}
