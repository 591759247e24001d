import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CRC32C } from "@google-cloud/storage";

/** One request the fake answered: method, path and the upload type asked for. */
export interface GcsRequest {
  readonly method: string;
  readonly path: string;
  readonly uploadType: string | null;
}

interface StoredObject {
  readonly name: string;
  readonly size: number;
  readonly crc32c: string;
  readonly md5Hash: string;
  readonly generation: string;
  readonly updated: string;
  readonly contentType: string;
  readonly metadata: Record<string, string> | undefined;
  readonly file: string;
}

interface Session {
  readonly bucket: string;
  readonly name: string;
  readonly resource: Record<string, any>;
}

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/**
 * Google Cloud Storage's JSON API on 127.0.0.1, for `@google-cloud/storage` pointed at
 * {@link endpoint}: object metadata (`GET /storage/v1/b/B/o/NAME`), downloads (`?alt=media`,
 * with `x-goog-hash`), listings in UTF-8 byte order with `prefix`, `startOffset`, `maxResults`
 * and `pageToken`, deletes, and uploads both ways the client makes them — one `multipart/related`
 * request, or a resumable session (`uploadType=resumable`, then a streamed PUT). Every object is
 * answered with its CRC32C and MD5, as GCS does, so the client verifies what it sent. Objects live
 * in files of a temporary folder; bodies are streamed, never held whole. A bucket must be created
 * first ({@link createBucket}); other buckets answer "The specified bucket does not exist".
 */
export class FakeGcs {
  readonly requests: GcsRequest[] = [];
  /** Set to answer the next upload with a wrong CRC32C (a corruption on the way). */
  corruptNextUpload = false;
  readonly #server: Server;
  readonly #root: string;
  readonly #buckets = new Map<string, Map<string, StoredObject>>();
  readonly #sessions = new Map<string, Session>();
  #generation = 0;

  private constructor(server: Server, root: string) {
    this.#server = server;
    this.#root = root;
  }

  static async start(): Promise<FakeGcs> {
    let fake: FakeGcs | undefined;
    const server = createServer((req, res) => void fake?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake = new FakeGcs(server, mkdtempSync(join(tmpdir(), "lakeform-fake-gcs-")));
    return fake;
  }

  get endpoint(): string {
    const { port } = this.#server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  /** A new, empty bucket; its name. */
  createBucket(name = `lakeform-test-${this.#buckets.size + 1}`): string {
    this.#buckets.set(name, new Map());
    return name;
  }

  /** Stores an object directly, as another program would (no custom metadata). */
  async put(bucket: string, name: string, data: Buffer): Promise<void> {
    const { Readable } = await import("node:stream");
    await this.#store(bucket, name, Readable.from([data]), { name });
  }

  /** The local file holding the object at a `gs://bucket/name` URI (what a fake BigQuery's load jobs read); undefined when there is none. */
  fileOf(uri: string): string | undefined {
    const match = /^gs:\/\/([^/]+)\/(.*)$/.exec(uri);
    if (match === null) return undefined;
    return this.#buckets.get(match[1] as string)?.get(decodeURI(match[2] as string))?.file;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
    rmSync(this.#root, { recursive: true, force: true });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    this.requests.push({ method: req.method ?? "GET", path: url.pathname, uploadType: url.searchParams.get("uploadType") });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, message: string) => json(status, { error: { code: status, message, errors: [{ message, reason: status === 404 ? "notFound" : "invalid" }] } });
    try {
      let m: RegExpExecArray | null;
      if ((m = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname))) {
        const objects = this.#buckets.get(decodeURIComponent(m[1] as string));
        if (objects === undefined) return fail(404, "The specified bucket does not exist.");
        const bucket = decodeURIComponent(m[1] as string);
        const type = url.searchParams.get("uploadType");
        if (req.method === "POST" && type === "multipart") return await this.#simpleUpload(req, bucket, url.searchParams.get("name") ?? "", json);
        if (req.method === "POST" && type === "resumable") {
          const resource = JSON.parse((await body(req)).toString("utf8") || "{}") as Record<string, any>;
          const id = randomUUID();
          this.#sessions.set(id, { bucket, name: url.searchParams.get("name") ?? resource.name, resource });
          const location = `${this.endpoint}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&upload_id=${id}`;
          return json(200, {}, { location });
        }
        if (req.method === "PUT" && url.searchParams.has("upload_id")) {
          const session = this.#sessions.get(url.searchParams.get("upload_id") ?? "");
          if (session === undefined) return fail(404, "No such upload session.");
          const range = req.headers["content-range"] ?? "";
          if (/^bytes \*\//.test(range)) {
            req.resume();
            res.writeHead(308, {});
            res.end();
            return;
          }
          const stored = await this.#store(session.bucket, session.name, req, session.resource);
          this.#sessions.delete(url.searchParams.get("upload_id") ?? "");
          return json(200, this.#resource(session.bucket, stored));
        }
      }
      if ((m = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname)) && req.method === "GET") {
        const bucket = decodeURIComponent(m[1] as string);
        const objects = this.#buckets.get(bucket);
        if (objects === undefined) return fail(404, "The specified bucket does not exist.");
        const prefix = url.searchParams.get("prefix") ?? "";
        const start = url.searchParams.get("startOffset");
        const token = url.searchParams.get("pageToken");
        const after = token === null ? undefined : Buffer.from(token, "base64").toString("utf8");
        const max = Math.min(1000, Number(url.searchParams.get("maxResults") ?? 1000));
        const names = [...objects.keys()].filter((n) => n.startsWith(prefix) && (start === null || utf8Order(n, start) >= 0) && (after === undefined || utf8Order(n, after) > 0)).sort(utf8Order);
        const page = names.slice(0, max);
        const more = names.length > max;
        return json(200, { kind: "storage#objects", items: page.map((n) => this.#resource(bucket, objects.get(n) as StoredObject)), ...(more ? { nextPageToken: Buffer.from(page[page.length - 1] as string, "utf8").toString("base64") } : {}) });
      }
      if ((m = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname))) {
        const bucket = decodeURIComponent(m[1] as string);
        const objects = this.#buckets.get(bucket);
        if (objects === undefined) return fail(404, "The specified bucket does not exist.");
        const name = decodeURIComponent(m[2] as string);
        const object = objects.get(name);
        if (object === undefined) return fail(404, `No such object: ${bucket}/${name}`);
        if (req.method === "DELETE") {
          objects.delete(name);
          await rm(object.file, { force: true });
          res.writeHead(204);
          res.end();
          return;
        }
        if (req.method === "GET" && url.searchParams.get("alt") === "media") {
          res.writeHead(200, { "content-type": object.contentType, "content-length": String(object.size), "x-goog-hash": `crc32c=${object.crc32c},md5=${object.md5Hash}`, "x-goog-generation": object.generation, "x-goog-stored-content-encoding": "identity", "x-goog-stored-content-length": String(object.size) });
          createReadStream(object.file).pipe(res);
          return;
        }
        if (req.method === "GET") return json(200, this.#resource(bucket, object));
      }
      fail(400, `The fake GCS does not serve ${req.method} ${url.pathname}`);
    } catch (error) {
      if (!res.headersSent) fail(500, error instanceof Error ? error.message : String(error));
    }
  }

  async #simpleUpload(req: IncomingMessage, bucket: string, name: string, json: (s: number, b: unknown) => void): Promise<void> {
    const boundary = /boundary="?([^";]+)"?/.exec(String(req.headers["content-type"]))?.[1];
    if (boundary === undefined) return json(400, { error: { code: 400, message: "multipart upload without a boundary" } });
    const raw = await body(req);
    const parts: Buffer[] = [];
    const delimiter = Buffer.from(`--${boundary}`);
    let at = raw.indexOf(delimiter);
    while (at >= 0) {
      const next = raw.indexOf(delimiter, at + delimiter.length);
      if (next < 0) break;
      const part = raw.subarray(at + delimiter.length, next);
      const split = part.indexOf("\r\n\r\n");
      parts.push(part.subarray(split + 4, part.length - 2));
      at = next;
    }
    const [meta, content] = parts;
    if (meta === undefined || content === undefined) return json(400, { error: { code: 400, message: "multipart upload needs a metadata part and a media part" } });
    const { Readable } = await import("node:stream");
    const resource = JSON.parse(meta.toString("utf8")) as Record<string, any>;
    const stored = await this.#store(bucket, name || resource.name, Readable.from([content]), resource);
    json(200, this.#resource(bucket, stored));
  }

  /** Streams `data` into a new generation of the object, hashing it on the way. */
  async #store(bucket: string, name: string, data: NodeJS.ReadableStream, resource: Record<string, any>): Promise<StoredObject> {
    const objects = this.#buckets.get(bucket);
    if (objects === undefined) throw new Error("The specified bucket does not exist.");
    const generation = String(++this.#generation);
    const file = join(this.#root, `${generation}.bin`);
    const crc = new CRC32C();
    const md5 = createHash("md5");
    let size = 0;
    const out = createWriteStream(file);
    for await (const chunk of data) {
      const buffer = chunk as Buffer;
      crc.update(buffer);
      md5.update(buffer);
      size += buffer.length;
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const corrupt = this.corruptNextUpload;
    this.corruptNextUpload = false;
    const stored: StoredObject = {
      name,
      size,
      crc32c: corrupt ? "AAAAAA==" : crc.toString(),
      md5Hash: corrupt ? "AAAAAAAAAAAAAAAAAAAAAA==" : md5.digest("base64"),
      generation,
      updated: new Date().toISOString(),
      contentType: resource.contentType ?? "application/octet-stream",
      metadata: resource.metadata,
      file,
    };
    const previous = objects.get(name);
    objects.set(name, stored);
    if (previous !== undefined) await rm(previous.file, { force: true });
    return stored;
  }

  #resource(bucket: string, o: StoredObject): Record<string, unknown> {
    return {
      kind: "storage#object",
      id: `${bucket}/${o.name}/${o.generation}`,
      name: o.name,
      bucket,
      generation: o.generation,
      metageneration: "1",
      contentType: o.contentType,
      size: String(o.size),
      crc32c: o.crc32c,
      md5Hash: o.md5Hash,
      updated: o.updated,
      timeCreated: o.updated,
      ...(o.metadata === undefined ? {} : { metadata: o.metadata }),
    };
  }
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
