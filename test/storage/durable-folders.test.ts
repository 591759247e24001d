import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalObjectStore } from "../../runtime/storage/local/local-object-store.ts";
import { foldersToSync, syncFolder } from "../../runtime/storage/local/durable-folders.ts";

const root = join("/", "data", "ws");

describe("the folders flushed with a new file, so that its name survives a crash", () => {
  it("flushes the file's folder and the parent of each folder created for it, up to the first that existed", () => {
    const path = join(root, "clean", "orders", "dt=2024-01-01", "v-1", "part-00000.parquet");
    // A new asset: its folder, its partition's and its version's were created; `clean` existed.
    expect(foldersToSync(root, path, join(root, "clean", "orders"))).toEqual([
      join(root, "clean", "orders", "dt=2024-01-01", "v-1"),
      join(root, "clean", "orders", "dt=2024-01-01"),
      join(root, "clean", "orders"),
      join(root, "clean"),
    ]);
    // A new version of a partition that existed: its folder, and the partition's that gained it.
    expect(foldersToSync(root, path, join(root, "clean", "orders", "dt=2024-01-01", "v-1"))).toEqual([join(root, "clean", "orders", "dt=2024-01-01", "v-1"), join(root, "clean", "orders", "dt=2024-01-01")]);
  });

  it("flushes the file's folder and its parent when it is not known what was created", () => {
    const path = join(root, "clean", "orders", "v-2", "part-00000.parquet");
    expect(foldersToSync(root, path, undefined)).toEqual([join(root, "clean", "orders", "v-2"), join(root, "clean", "orders")]);
  });

  it("never flushes a folder above the store's root", () => {
    expect(foldersToSync(root, join(root, "clean", "v-1", "part.parquet"), root)).toEqual([join(root, "clean", "v-1"), join(root, "clean"), root]);
    expect(foldersToSync(root, join(root, "part.parquet"), undefined)).toEqual([root]);
  });

  it("flushes a real folder, and names a folder that is not there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-sync-"));
    try {
      await expect(syncFolder(dir)).resolves.toBeUndefined();
      await expect(syncFolder(join(dir, "gone"))).rejects.toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("commits a file in new folders with its size and SHA-256, once every folder is flushed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-store-"));
    try {
      const store = new LocalObjectStore(join(dir, "data"));
      const key = "clean/orders/dt=2024-01-01/v-1/part-00000.parquet";
      const path = await store.writePathOf(key);
      writeFileSync(path, "PAR1 rows PAR1");
      const committed = await store.commit(key);
      expect(committed).toEqual({ bytes: 14, sha256: createHash("sha256").update(readFileSync(path)).digest("hex") });
      // A file committed without writePathOf in this process (its folders made elsewhere) commits alike.
      const again = new LocalObjectStore(join(dir, "data"));
      expect(await again.commit(key)).toEqual(committed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
