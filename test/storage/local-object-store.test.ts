import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localPathOf } from "../../runtime/storage/data-location.ts";
import { LocalObjectStore } from "../../runtime/storage/local/local-object-store.ts";
import { objectStoreContract } from "./object-store-contract.ts";

objectStoreContract("local filesystem", async () => {
  const root = mkdtempSync(join(tmpdir(), "lakeform-store-"));
  return { store: new LocalObjectStore(root), scheme: "file:", close: async () => rmSync(root, { recursive: true, force: true }) };
});

describe("the local object store", () => {
  it("locates a key at a file:// URI of its path below the root, and commits files owner-only", async () => {
    const root = mkdtempSync(join(tmpdir(), "lakeform-store-"));
    try {
      const store = new LocalObjectStore(root);
      const key = "clean/a b/v-1.parquet";
      const path = await store.writePathOf(key);
      expect(path).toBe(join(root, "clean", "a b", "v-1.parquet"));
      expect(localPathOf(store.locationOf(key))).toBe(path);
      writeFileSync(path, "x", { mode: 0o644 });
      await store.commit(key);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
