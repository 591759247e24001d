import { beforeEach, describe, expect, it } from "vitest";
import type { LoadedFile } from "../../../runtime/state/records.ts";
import type { StateStore } from "../../../runtime/state/state-store.ts";
import { storeFixture, type OpenStore, at } from "./store-fixture.ts";

/**
 * The contract of {@link IngestionLedger}: the landing files each source loaded.
 * Runs on every backend through the interface only (see `../state-store-contract.ts`).
 */
export function describeIngestionLedgerContract(open: OpenStore<StateStore>): void {
  describe("IngestionLedger", () => {
    const { store: current } = storeFixture(open);
    let store: StateStore;
    beforeEach(() => {
      store = current();
    });

  describe("loaded files", () => {
    const file = (path: string, sha256: string, batchId: string, minutes: number, source = "shop"): LoadedFile => ({ source, path, sha256, bytes: 1234, batchId, loadedAt: at(minutes) });

    it("records new files, keeps known ones as they were and returns only matches", async () => {
      await store.recordLoadedFiles([file("2024/05/01/a.csv", "aaa", "batch-1", 0), file("2024/05/01/b.csv", "bbb", "batch-1", 0)]);
      await store.recordLoadedFiles([file("2024/05/01/a.csv", "aaa", "batch-2", 5), file("2024/05/01/a.csv", "a2a", "batch-2", 5), file("2024/05/01/a.csv", "aaa", "batch-3", 6, "crm")]);

      const found = await store.loadedFiles("shop", [
        { path: "2024/05/01/a.csv", sha256: "aaa" },
        { path: "2024/05/01/a.csv", sha256: "a2a" },
        { path: "2024/05/01/b.csv", sha256: "changed" },
        { path: "2024/05/01/c.csv", sha256: "ccc" },
      ]);
      expect(found).toEqual([file("2024/05/01/a.csv", "aaa", "batch-1", 0), file("2024/05/01/a.csv", "a2a", "batch-2", 5)]);
      expect(await store.loadedFiles("crm", [{ path: "2024/05/01/a.csv", sha256: "aaa" }])).toEqual([file("2024/05/01/a.csv", "aaa", "batch-3", 6, "crm")]);
      expect(await store.loadedFiles("shop", [])).toEqual([]);
    });
  });
  });
}
