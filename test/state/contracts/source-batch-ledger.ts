import { beforeEach, describe, expect, it } from "vitest";
import type { SourceBatch } from "../../../runtime/state/source-batch-ledger.ts";
import type { StateStore } from "../../../runtime/state/state-store.ts";
import { storeFixture, type OpenStore, at } from "./store-fixture.ts";

/**
 * The contract of {@link SourceBatchLedger}: the batches each extracting source landed, whose
 * newest high mark is its watermark. Runs on every backend through the interface only.
 */
export function describeSourceBatchLedgerContract(open: OpenStore<StateStore>): void {
  describe("SourceBatchLedger", () => {
    const { store: current } = storeFixture(open);
    let store: StateStore;
    beforeEach(() => {
      store = current();
    });
    const batch = (batchId: string, lowMark: string | undefined, highMark: string | undefined, minutes: number, source = "raw/orders"): SourceBatch => ({
      source,
      batchId,
      mode: "incremental",
      lowMark,
      highMark,
      rows: 3,
      sha256: "ab".repeat(32),
      extractedAt: at(minutes),
    });

    it("keeps batches in the order recorded, per source, with their marks", async () => {
      await store.recordSourceBatch(batch("b-2", "2024-05-01 10:00:00+00", "2024-05-01 10:05:00.123456+00", 9));
      await store.recordSourceBatch(batch("b-1", undefined, "2024-05-01 10:00:00+00", 1, "raw/users"));
      await store.recordSourceBatch(batch("b-1", "2024-05-01 10:05:00.123456+00", "10", 10));
      const batches = await store.sourceBatches("raw/orders");
      expect(batches.map((b) => [b.batchId, b.lowMark, b.highMark])).toEqual([
        ["b-2", "2024-05-01 10:00:00+00", "2024-05-01 10:05:00.123456+00"],
        ["b-1", "2024-05-01 10:05:00.123456+00", "10"],
      ]);
      expect(batches[0]).toEqual(batch("b-2", "2024-05-01 10:00:00+00", "2024-05-01 10:05:00.123456+00", 9));
      expect(await store.sourceBatches("raw/users")).toEqual([batch("b-1", undefined, "2024-05-01 10:00:00+00", 1, "raw/users")]);
      expect(await store.sourceBatches("raw/none")).toEqual([]);
    });

    it("records a batch once: a retry gets the batch as first recorded", async () => {
      const first = batch("b-1", undefined, "42", 1);
      expect(await store.recordSourceBatch(first)).toEqual(first);
      expect(await store.recordSourceBatch({ ...first, rows: 99, extractedAt: at(30) })).toEqual(first);
      expect(await store.sourceBatches("raw/orders")).toEqual([first]);
    });

    it("keeps a snapshot batch without marks", async () => {
      const snapshot: SourceBatch = { ...batch("s-1", undefined, undefined, 2), mode: "snapshot" };
      await store.recordSourceBatch(snapshot);
      expect(await store.sourceBatches("raw/orders")).toEqual([snapshot]);
    });
  });
}
