import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/**
 * Small text objects a distributed engine exchanges with the runtime: step scripts it uploads,
 * job manifests, and the JSON results its steps write (row counts, audits). Never data that
 * readers scan: it lives in the artifacts bucket.
 */
export interface ArtifactStore {
  /** `s3://bucket/prefix/<key>`: where the engine's steps read and write `key`. */
  uriOf(key: string): string;
  put(key: string, text: string): Promise<void>;
  /** The object's text; undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  /** Keys under `prefix` (ending in `/`), sorted. */
  list(prefix: string): Promise<string[]>;
}

/** Artifacts in an S3 bucket (the stack's artifacts bucket), under an optional prefix. */
export class S3ArtifactStore implements ArtifactStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: { readonly client: S3Client; readonly bucket: string; readonly prefix?: string }) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = options.prefix === undefined || options.prefix === "" ? "" : options.prefix.replace(/\/?$/, "/");
  }

  uriOf(key: string): string {
    return `s3://${this.#bucket}/${this.#prefix}${key}`;
  }

  async put(key: string, text: string): Promise<void> {
    await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: `${this.#prefix}${key}`, Body: text, ContentType: key.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8" }));
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const response = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: `${this.#prefix}${key}` }));
      return await response.Body?.transformToString("utf-8");
    } catch (error) {
      if ((error as { name?: string }).name === "NoSuchKey" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const response = await this.#client.send(new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: `${this.#prefix}${prefix}`, ContinuationToken }));
      for (const object of response.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key.slice(this.#prefix.length));
      ContinuationToken = response.IsTruncated === true ? response.NextContinuationToken : undefined;
      if (ContinuationToken === undefined) break;
    }
    return keys.sort();
  }
}

/**
 * The rows Spark wrote with `INSERT OVERWRITE DIRECTORY … USING json` under `prefix`: JSON lines
 * in `part-*` files (Spark also writes `_SUCCESS` and checksum files, skipped). Undefined when
 * the directory was never written (the statement did not run).
 */
export async function readJsonRows(store: ArtifactStore, prefix: string): Promise<Record<string, unknown>[] | undefined> {
  const keys = await store.list(prefix);
  if (keys.length === 0) return undefined;
  const rows: Record<string, unknown>[] = [];
  for (const key of keys.filter((k) => /\/part-[^/]*$/.test(k) && !k.endsWith(".crc"))) {
    const text = (await store.get(key)) ?? "";
    for (const line of text.split("\n")) if (line.trim() !== "") rows.push(JSON.parse(line) as Record<string, unknown>);
  }
  return rows;
}
