import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { existsSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ObjectStore } from "../../runtime/storage/s3/s3-object-store.ts";
import { parseS3Uri } from "../../runtime/storage/s3/s3-uri.ts";
import type { S3ObjectStoreOptions } from "../../runtime/storage/s3/s3-store-options.ts";
import { startS3Server, type S3Server } from "../support/s3-server.ts";
import { objectStoreContract } from "./object-store-contract.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const MiB = 1 << 20;
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

let server: S3Server;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => server?.stop());

objectStoreContract("S3 on s3rver", async () => {
  const store = new S3ObjectStore({ bucket: await server.createBucket(), prefix: "lakeform/dev", client: server.client });
  return { store, scheme: "s3:", close: () => store.close() };
});

/** The S3 operations `store` sends from now on (`PutObject`, `UploadPart`, …), as its client's middleware sees them. */
function recordCommands(store: S3ObjectStore): string[] {
  const sent: string[] = [];
  store.client.middlewareStack.add((next, context) => (args) => {
    sent.push(String(context.commandName).replace(/Command$/, ""));
    return next(args);
  }, { step: "initialize", name: `record-${Math.random()}` });
  return sent;
}

async function openStore(options: Partial<S3ObjectStoreOptions> = {}) {
  return new S3ObjectStore({ bucket: await server.createBucket(), prefix: "lf", client: server.client, ...options });
}

/** A client of its own, to look at the bucket as another program would. */
function outsider() {
  return new S3Client({ ...server.client, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
}

async function download(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await (Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

/** A port nothing listens on: one the system just handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("the S3 object store", () => {
  it("uploads a file above the multipart threshold in 5 MiB parts, byte-identical, its SHA-256 in the metadata", async () => {
    const store = await openStore({ multipartThreshold: 5 * MiB, partSize: 5 * MiB });
    const sent = recordCommands(store);
    try {
      const data = randomBytes(11 * MiB + 123);
      const key = "curated/big/v-1.parquet";
      await writeFile(await store.writePathOf(key), data);
      expect(await store.commit(key)).toEqual({ bytes: data.length, sha256: sha256(data) });
      expect(sent.filter((c) => c !== "HeadObject")).toEqual(["CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload"]);
      const client = outsider();
      const stored = await download(client, store.bucket, "lf/curated/big/v-1.parquet");
      client.destroy();
      expect(stored.equals(data)).toBe(true);
      sent.length = 0;
      expect(await store.digestOf(key)).toEqual({ bytes: data.length, sha256: sha256(data) });
      expect(sent).toEqual(["HeadObject"]);
    } finally {
      await store.close();
    }
  });

  it("puts a file below the threshold in one request, and removes the scratch file after the upload", async () => {
    const store = await openStore();
    const sent = recordCommands(store);
    try {
      const key = "clean/orders/v-1.parquet";
      const path = await store.writePathOf(key);
      expect(await store.writePathOf(key)).toBe(path);
      expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
      await writeFile(path, "PAR1 small PAR1");
      expect(await store.commit(key)).toEqual({ bytes: 15, sha256: sha256("PAR1 small PAR1") });
      expect(sent).toEqual(["PutObject"]);
      expect(existsSync(path)).toBe(false);
      await expect(store.commit(key)).rejects.toThrow(/nothing was written to commit .*Fix: write the file at writePathOf\("clean\/orders\/v-1.parquet"\) before commit/);
    } finally {
      await store.close();
    }
  });

  it("aborts a multipart upload that fails, stores nothing, and keeps the scratch file for another try", async () => {
    const store = await openStore({ multipartThreshold: 5 * MiB, partSize: 5 * MiB, client: { ...server.client, maxAttempts: 1 } });
    const sent = recordCommands(store);
    let parts = 0;
    // The second part is refused on the wire, as a dropped connection would be.
    store.client.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === "UploadPartCommand" && ++parts === 2) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      return next(args);
    }, { step: "initialize", name: "drop-second-part" });
    try {
      const key = "curated/big/v-2.parquet";
      const path = await store.writePathOf(key);
      await writeFile(path, randomBytes(12 * MiB));
      await expect(store.commit(key)).rejects.toThrow(/S3 object s3:\/\/lakeform-test-\d+\/lf\/curated\/big\/v-2\.parquet: could not upload: the endpoint http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNRESET\)\. Fix: /);
      expect(sent).toContain("AbortMultipartUpload");
      expect(sent).not.toContain("CompleteMultipartUpload");
      expect(await store.sizeOf(key)).toBeUndefined();
      expect(existsSync(path)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("pages a listing through ListObjectsV2 continuation tokens and StartAfter", async () => {
    const store = await openStore({ listPageSize: 7 });
    try {
      const keys = Array.from({ length: 50 }, (_, i) => `raw/clicks/dt=2024-02-${String(i + 1).padStart(2, "0")}/v-${i}.parquet`);
      for (let i = 0; i < keys.length; i += 10) {
        await Promise.all(keys.slice(i, i + 10).map(async (key) => {
          await writeFile(await store.writePathOf(key), key);
          await store.commit(key);
        }));
      }
      const sent = recordCommands(store);
      expect(await store.list("raw/clicks")).toEqual(keys);
      expect(sent.filter((c) => c === "ListObjectsV2")).toHaveLength(Math.ceil(50 / 7));
      sent.length = 0;
      expect(await store.list("raw/clicks", { after: keys[9] as string, limit: 20 })).toEqual(keys.slice(10, 30));
      expect(sent.filter((c) => c === "ListObjectsV2")).toHaveLength(3);
      expect(await store.list("raw/clicks", { after: keys[45] as string })).toEqual(keys.slice(46));
      expect(await store.list("raw")).toEqual(keys);
    } finally {
      await store.close();
    }
  });

  it("hashes an object written by another program (no SHA-256 in its metadata) from its content", async () => {
    const store = await openStore();
    const client = outsider();
    const sent = recordCommands(store);
    try {
      const data = randomBytes(300_000);
      await client.send(new PutObjectCommand({ Bucket: store.bucket, Key: "lf/raw/outside/file.csv", Body: data }));
      expect(await store.digestOf("raw/outside/file.csv")).toEqual({ bytes: data.length, sha256: sha256(data) });
      expect(sent).toEqual(["HeadObject", "GetObject"]);
    } finally {
      client.destroy();
      await store.close();
    }
  });

  it("deletes thousands of keys in batches of 1,000, missing keys being no error", async () => {
    const store = await openStore();
    try {
      const kept = ["d/keep.parquet"];
      const written = ["d/0.parquet", "d/1500.parquet", "d/2499.parquet"];
      for (const key of [...kept, ...written]) {
        await writeFile(await store.writePathOf(key), key);
        await store.commit(key);
      }
      const sent = recordCommands(store);
      await store.delete(Array.from({ length: 2500 }, (_, i) => `d/${i}.parquet`));
      expect(sent).toEqual(["DeleteObjects", "DeleteObjects", "DeleteObjects"]);
      expect(await store.list("d")).toEqual(kept);
    } finally {
      await store.close();
    }
  });

  it("locates keys at s3://bucket/prefix/key, percent-encoded where a URL needs it", async () => {
    const store = new S3ObjectStore({ bucket: "lake-prod-data", prefix: "/lakeform/prod/", client: server.client });
    const bare = new S3ObjectStore({ bucket: "lake-prod-data", client: server.client });
    try {
      expect(store.locationOf("clean/orders/dt=2024-01-01/v-1.parquet").uri).toBe("s3://lake-prod-data/lakeform/prod/clean/orders/dt=2024-01-01/v-1.parquet");
      expect(bare.locationOf("clean/a b/é#1?.parquet").uri).toBe("s3://lake-prod-data/clean/a%20b/%C3%A9%231%3F.parquet");
      expect(parseS3Uri(bare.locationOf("clean/a b/é#1?.parquet").uri)).toEqual({ bucket: "lake-prod-data", key: "clean/a b/é#1?.parquet" });
    } finally {
      await store.close();
      await bare.close();
    }
  });

  it("refuses bad options all at once, naming each and the fix", () => {
    expect(() => new S3ObjectStore({ bucket: "Lake_Prod", partSize: MiB, listPageSize: 5000 })).toThrow(
      [
        "Invalid S3 object store options (3):",
        ' - bucket "Lake_Prod" is not a valid S3 bucket name. Fix: use 3 to 63 lowercase letters, digits, dots and dashes, e.g. lake-prod-data.',
        ` - partSize ${MiB} is below S3's minimum part of 5 MiB. Fix: use at least ${5 * MiB}.`,
        " - listPageSize 5000 is not between 1 and 1000. Fix: use 1000 (S3's largest page).",
      ].join("\n"),
    );
  });
});

describe("S3 errors say what is wrong and the fix", () => {
  it("an unreachable endpoint: within a bounded time, after the configured attempts", async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const store = new S3ObjectStore({ bucket: "lake-dev", client: { ...server.client, endpoint, maxAttempts: 2 } });
    const started = performance.now();
    try {
      await expect(store.sizeOf("clean/x.parquet")).rejects.toThrow(
        `S3 object s3://lake-dev/clean/x.parquet: could not read the object's metadata: the endpoint ${endpoint} cannot be reached (ECONNREFUSED) after 2 attempts. Fix: check the network and the endpoint (LAKEFORM_S3_ENDPOINT, or AWS_REGION for AWS's own), then run again.`,
      );
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await store.close();
    }
  });

  it("a bucket that does not exist, for reads, listings and uploads alike", async () => {
    const store = new S3ObjectStore({ bucket: "no-such-bucket", client: server.client });
    const missing = `S3 bucket "no-such-bucket" does not exist at ${server.endpoint}`;
    const fix = "Fix: create it (`pulumi up` creates the stack's buckets), or set LAKEFORM_S3_BUCKET to an existing bucket.";
    try {
      await expect(store.sizeOf("clean/x.parquet")).rejects.toThrow(`${missing} (while trying to find the bucket). ${fix}`);
      await expect(store.list("clean")).rejects.toThrow(`${missing} (while trying to list the objects). ${fix}`);
      await writeFile(await store.writePathOf("clean/x.parquet"), "x");
      await expect(store.commit("clean/x.parquet")).rejects.toThrow(`${missing} (while trying to upload). ${fix}`);
    } finally {
      await store.close();
    }
  });

  it("credentials the server does not know: access denied, with the permissions to grant", async () => {
    const store = new S3ObjectStore({ bucket: await server.createBucket(), client: { ...server.client, credentials: { accessKeyId: "NOT-A-KEY", secretAccessKey: "nope" } } });
    try {
      await expect(store.list("clean")).rejects.toThrow(
        new RegExp(`^S3 object s3://${store.bucket}/clean/: access denied to list the objects \\(InvalidAccessKeyId: .*\\)\\. Fix: grant the runtime's role s3:GetObject, s3:PutObject, s3:DeleteObject on arn:aws:s3:::${store.bucket}/\\* and s3:ListBucket on arn:aws:s3:::${store.bucket}, and check that its credentials are current\\.$`),
      );
      await expect(store.sizeOf("clean/x.parquet")).rejects.toThrow(`S3 object s3://${store.bucket}/clean/x.parquet: access denied to read the object's metadata (HTTP 403 without details). Fix: grant the runtime's role`);
    } finally {
      await store.close();
    }
  });
});
