import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalObjectStore } from "../../runtime/storage/local/local-object-store.ts";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

describe("the local object store's file digests", () => {
  const root = mkdtempSync(join(tmpdir(), "lakeform-digests-"));
  const store = new LocalObjectStore(root);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("returns the size and SHA-256 of a committed file, however many chunks it takes to read", async () => {
    for (const [key, data] of [
      ["a/empty.parquet", Buffer.alloc(0)],
      ["a/small.parquet", Buffer.from("PAR1 small PAR1")],
      ["a/dt=2024-01-01/big.parquet", randomBytes(2.5 * (1 << 20))],
    ] as const) {
      writeFileSync(await store.writePathOf(key), data);
      expect(await store.commit(key), key).toEqual({ bytes: data.length, sha256: sha256(data) });
      expect(await store.sizeOf(key), key).toBe(data.length);
      expect(await store.digestOf(key), key).toEqual({ bytes: data.length, sha256: sha256(data) });
    }
  });

  it("says undefined for a file that is not there, or a directory in its place", async () => {
    expect(await store.sizeOf("nothing/here.parquet")).toBeUndefined();
    expect(await store.digestOf("nothing/here.parquet")).toBeUndefined();
    mkdirSync(join(root, "dir", "v-1.parquet"), { recursive: true });
    expect(await store.sizeOf("dir/v-1.parquet")).toBeUndefined();
    expect(await store.digestOf("dir/v-1.parquet")).toBeUndefined();
  });
});
