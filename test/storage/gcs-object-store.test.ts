import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GcsObjectStore } from "../../runtime/storage/gcs/gcs-object-store.ts";
import type { GcsObjectStoreOptions } from "../../runtime/storage/gcs/gcs-store-options.ts";
import { parseGsUri } from "../../runtime/storage/gcs/gcs-uri.ts";
import { FakeGcs } from "../support/fake-gcs.ts";
import { objectStoreContract } from "./object-store-contract.ts";

const MiB = 1 << 20;
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

let fake: FakeGcs;
beforeAll(async () => {
  fake = await FakeGcs.start();
});
afterAll(async () => fake?.close());

const client = () => ({ apiEndpoint: fake.endpoint, projectId: "lf-test-project" });

objectStoreContract("GCS on a fake JSON API", async () => {
  const store = new GcsObjectStore({ bucket: fake.createBucket(), prefix: "lakeform/dev", client: client() });
  return { store, scheme: "gs:", close: () => store.close() };
});

function openStore(options: Partial<GcsObjectStoreOptions> = {}) {
  return new GcsObjectStore({ bucket: fake.createBucket(), prefix: "lf", client: client(), ...options });
}

/** The upload requests sent from now on: `multipart` (one request) or `resumable` (a session, then its PUT). */
function uploadsFrom(start: number): (string | null)[] {
  return fake.requests.slice(start).filter((r) => r.path.startsWith("/upload/")).map((r) => r.uploadType);
}

describe("the GCS object store", () => {
  it("uploads a small file in one multipart request and a large one through a resumable session, byte-identical", async () => {
    const store = openStore({ resumableThreshold: 5 * MiB });
    try {
      let start = fake.requests.length;
      await writeFile(await store.writePathOf("clean/small.parquet"), "PAR1 small PAR1");
      expect(await store.commit("clean/small.parquet")).toEqual({ bytes: 15, sha256: sha256("PAR1 small PAR1") });
      expect(uploadsFrom(start)).toEqual(["multipart"]);

      const data = randomBytes(6 * MiB + 7);
      const path = await store.writePathOf("curated/big/v-1.parquet");
      await writeFile(path, data);
      start = fake.requests.length;
      expect(await store.commit("curated/big/v-1.parquet")).toEqual({ bytes: data.length, sha256: sha256(data) });
      expect(uploadsFrom(start)).toEqual(["resumable", "resumable"]);
      expect(existsSync(path)).toBe(false);
      // Read back by content: another program's view (no metadata involved).
      const other = new GcsObjectStore({ bucket: store.bucketName, client: client() });
      const [downloaded] = await other.storage.bucket(store.bucketName).file("lf/curated/big/v-1.parquet").download();
      expect(downloaded?.equals(data)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("refuses an upload whose CRC32C GCS answers differently, and keeps the scratch file for another try", async () => {
    const store = openStore();
    try {
      const path = await store.writePathOf("clean/orders/v-1.parquet");
      await writeFile(path, "PAR1 bytes PAR1");
      fake.corruptNextUpload = true;
      await expect(store.commit("clean/orders/v-1.parquet")).rejects.toThrow(/^GCS object gs:\/\/lakeform-test-\d+\/lf\/clean\/orders\/v-1\.parquet: could not upload: .*Fix: /);
      expect(existsSync(path)).toBe(true);
      expect(await store.commit("clean/orders/v-1.parquet")).toEqual({ bytes: 15, sha256: sha256("PAR1 bytes PAR1") });
    } finally {
      await store.close();
    }
  });

  it("pages a listing through GCS page tokens, and starts after a key with startOffset", async () => {
    const store = openStore({ listPageSize: 7 });
    try {
      const keys = Array.from({ length: 30 }, (_, i) => `raw/clicks/dt=2024-02-${String(i + 1).padStart(2, "0")}/v-${i}.parquet`);
      for (const key of keys) {
        await writeFile(await store.writePathOf(key), key);
        await store.commit(key);
      }
      const start = fake.requests.length;
      expect(await store.list("raw/clicks")).toEqual(keys);
      expect(fake.requests.slice(start).filter((r) => r.method === "GET" && r.path.endsWith("/o"))).toHaveLength(Math.ceil(30 / 7));
      expect(await store.list("raw/clicks", { after: keys[9] as string, limit: 12 })).toEqual(keys.slice(10, 22));
      expect(await store.list("raw/clicks", { after: keys[28] as string })).toEqual([keys[29]]);
    } finally {
      await store.close();
    }
  });

  it("answers a digest from the SHA-256 in the object's metadata, and hashes an object another program wrote", async () => {
    const store = openStore();
    try {
      await writeFile(await store.writePathOf("a.parquet"), "abc");
      await store.commit("a.parquet");
      let start = fake.requests.length;
      expect(await store.digestOf("a.parquet")).toEqual({ bytes: 3, sha256: sha256("abc") });
      expect(fake.requests.slice(start).map((r) => r.method)).toEqual(["GET"]);
      const data = randomBytes(300_000);
      await fake.put(store.bucketName, "lf/raw/outside/file.csv", data);
      start = fake.requests.length;
      expect(await store.digestOf("raw/outside/file.csv")).toEqual({ bytes: data.length, sha256: sha256(data) });
      expect(fake.requests.slice(start)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it("locates keys at gs://bucket/prefix/key, percent-encoded where a URL needs it", () => {
    const store = new GcsObjectStore({ bucket: "lf-prod-data", prefix: "/lakeform/prod/", client: client() });
    expect(store.locationOf("clean/orders/dt=2024-01-01/v-1.parquet").uri).toBe("gs://lf-prod-data/lakeform/prod/clean/orders/dt=2024-01-01/v-1.parquet");
    const bare = new GcsObjectStore({ bucket: "lf-prod-data", client: client() });
    expect(bare.locationOf("clean/a b/é#1?.parquet").uri).toBe("gs://lf-prod-data/clean/a%20b/%C3%A9%231%3F.parquet");
    expect(parseGsUri(bare.locationOf("clean/a b/é#1?.parquet").uri)).toEqual({ bucket: "lf-prod-data", name: "clean/a b/é#1?.parquet" });
  });

  it("names a bucket that does not exist, and the fix", async () => {
    const store = new GcsObjectStore({ bucket: "no-such-bucket", client: client() });
    const fix = "Fix: create it (`pulumi up` creates the stack's buckets), or set LAKEFORM_GCS_BUCKET to an existing bucket.";
    await expect(store.sizeOf("clean/x.parquet")).rejects.toThrow(`GCS bucket "no-such-bucket" does not exist at ${fake.endpoint} (while trying to read the object's metadata). ${fix}`);
    await expect(store.list("clean")).rejects.toThrow(`GCS bucket "no-such-bucket" does not exist at ${fake.endpoint} (while trying to list the objects). ${fix}`);
  });

  it("refuses bad options all at once, naming each and the fix", () => {
    expect(() => new GcsObjectStore({ bucket: "Lake_Prod", listPageSize: 5000 })).toThrow(
      [
        "Invalid GCS object store options (2):",
        ' - bucket "Lake_Prod" is not a valid GCS bucket name. Fix: use 3 to 63 lowercase letters, digits, dashes, underscores and dots, e.g. lf-prod-data.',
        " - listPageSize 5000 is not between 1 and 1000. Fix: use 1000 (GCS's largest page).",
      ].join("\n"),
    );
  });
});
