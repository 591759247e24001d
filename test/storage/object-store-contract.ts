import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { once } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ObjectStore } from "../../runtime/storage/object-store.ts";

/** A store to run the contract on, and how to dispose of it (bucket, temp folder, fake server). */
export interface StoreUnderTest {
  readonly store: ObjectStore;
  /** The scheme of its locations: `file:`, `s3:` or `gs:`. */
  readonly scheme: string;
  close(): Promise<void>;
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** Writes `data` the way engines do (to `writePathOf(key)`), then commits it. */
async function put(store: ObjectStore, key: string, data: Buffer | string) {
  await writeFile(await store.writePathOf(key), data);
  return store.commit(key);
}

/** Peak growth of this process's resident memory while `work` runs, in bytes (sampled every 5 ms). */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - before;
}

const MiB = 1 << 20;

/**
 * The ObjectStore contract: what every backend (local now; S3 and GCS next) must do alike.
 * Run it with `objectStoreContract("local", async () => ({ store, scheme: "file:", close }))`.
 */
export function objectStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let under: StoreUnderTest;
    let store: ObjectStore;
    beforeEach(async () => {
      under = await open();
      store = under.store;
    });
    afterEach(async () => under.close());

    it("commits a written file: its size and SHA-256, readable back, at a location of the store's scheme", async () => {
      const key = "clean/orders/dt=2024-01-01/v-1.parquet";
      const data = "PAR1 some bytes PAR1";
      const committed = await put(store, key, data);
      expect(committed).toEqual({ bytes: Buffer.byteLength(data), sha256: sha256(data) });
      expect(await store.sizeOf(key)).toBe(Buffer.byteLength(data));
      expect(await store.digestOf(key)).toEqual(committed);
      expect((await store.modifiedAt(key))?.getTime()).toBeGreaterThan(Date.now() - 60_000);
      const location = store.locationOf(key);
      expect(location).toMatchObject({ kind: "files", format: "parquet" });
      expect(location.kind === "files" && new URL(location.uri).protocol).toBe(under.scheme);
      expect(location.kind === "files" && decodeURIComponent(location.uri).endsWith(key)).toBe(true);
    });

    it("answers undefined for a key it does not hold", async () => {
      expect(await store.sizeOf("clean/none.parquet")).toBeUndefined();
      expect(await store.digestOf("clean/none.parquet")).toBeUndefined();
      expect(await store.modifiedAt("clean/none.parquet")).toBeUndefined();
    });

    it("lists the keys below a folder prefix, sorted, never a sibling that merely starts alike", async () => {
      for (const key of ["a/b/2.parquet", "a/b/1.parquet", "a/b/deep/3.parquet", "a/bc/4.parquet", "a/x.parquet", "z/5.parquet"]) await put(store, key, key);
      expect(await store.list("a/b")).toEqual(["a/b/1.parquet", "a/b/2.parquet", "a/b/deep/3.parquet"]);
      expect(await store.list("a")).toEqual(["a/b/1.parquet", "a/b/2.parquet", "a/b/deep/3.parquet", "a/bc/4.parquet", "a/x.parquet"]);
      expect(await store.list("a/x.parquet")).toEqual(["a/x.parquet"]);
      expect(await store.list("nothing/here")).toEqual([]);
    });

    it("pages a listing: `limit` keys at a time, each page after the last key of the one before", async () => {
      const keys = Array.from({ length: 7 }, (_, i) => `raw/events/dt=2024-01-0${i + 1}/v-${i}.parquet`);
      for (const key of [...keys].reverse()) await put(store, key, key);
      const pages: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.list("raw/events", { limit: 3, ...(after === undefined ? {} : { after }) });
        if (page.length === 0) break;
        pages.push(page);
        after = page[page.length - 1];
      }
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(keys);
      expect(await store.list("raw/events", { after: keys[5] as string })).toEqual([keys[6]]);
      expect(await store.list("raw/events", { limit: 0 })).toEqual([]);
    });

    it("deletes keys, whether or not they exist, and leaves the others", async () => {
      for (const key of ["t/1.parquet", "t/2.parquet", "t/3.parquet"]) await put(store, key, key);
      await store.delete(["t/1.parquet", "t/3.parquet", "t/never-written.parquet"]);
      expect(await store.list("t")).toEqual(["t/2.parquet"]);
      expect(await store.sizeOf("t/1.parquet")).toBeUndefined();
      expect(await store.digestOf("t/3.parquet")).toBeUndefined();
      await store.delete([]);
      expect(await store.list("t")).toEqual(["t/2.parquet"]);
    });

    it("takes a 64 MiB file written as a stream, and hashes it in bounded memory", async () => {
      const key = "curated/big/v-1.parquet";
      const chunk = Buffer.alloc(MiB);
      const hash = createHash("sha256");
      const out = createWriteStream(await store.writePathOf(key));
      for (let i = 0; i < 64; i++) {
        chunk.fill(i % 251);
        chunk.writeUInt32BE(i, 0);
        hash.update(chunk);
        if (!out.write(Buffer.from(chunk))) await once(out, "drain");
      }
      out.end();
      await once(out, "close");
      const expected = { bytes: 64 * MiB, sha256: hash.digest("hex") };
      let committed: unknown;
      let digest: unknown;
      const growth = await peakGrowth(async () => {
        committed = await store.commit(key);
        digest = await store.digestOf(key);
      });
      expect(committed).toEqual(expected);
      expect(digest).toEqual(expected);
      // Reading the file whole would add 64 MiB at least.
      expect(growth).toBeLessThan(32 * MiB);
    });

    it("keeps keys with spaces and non-ASCII characters exactly, listed in UTF-8 byte order as S3 and GCS list them", async () => {
      const key = "raw/événements/dt=2024-01-01/v-1 ü 空白 🚀.parquet";
      expect(await put(store, key, "unicode")).toEqual({ bytes: 7, sha256: sha256("unicode") });
      expect(await store.list("raw/événements")).toEqual([key]);
      expect(await store.digestOf(key)).toEqual({ bytes: 7, sha256: sha256("unicode") });
      const location = store.locationOf(key);
      expect(location.kind === "files" && location.uri.includes(" ")).toBe(false);
      expect(location.kind === "files" && decodeURIComponent(location.uri).endsWith(key)).toBe(true);

      for (const k of ["k/🚀.parquet", "k/～.parquet", "k/é.parquet", "k/z.parquet", "k/a b.parquet"]) await put(store, k, k);
      expect(await store.list("k")).toEqual(["k/a b.parquet", "k/z.parquet", "k/é.parquet", "k/～.parquet", "k/🚀.parquet"]);
      expect(await store.list("k", { after: "k/é.parquet", limit: 1 })).toEqual(["k/～.parquet"]);
      await store.delete([key, "k/🚀.parquet"]);
      expect(await store.list("raw/événements")).toEqual([]);
      expect(await store.list("k")).toEqual(["k/a b.parquet", "k/z.parquet", "k/é.parquet", "k/～.parquet"]);
    });
  });
}
