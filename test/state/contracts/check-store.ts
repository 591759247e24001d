import { beforeEach, describe, expect, it } from "vitest";
import type { StateStore } from "../../../runtime/state/state-store.ts";
import { storeFixture, type OpenStore, aCheckResult, aProfile } from "./store-fixture.ts";

/**
 * The contract of {@link CheckStore}: check results and profiles.
 * Runs on every backend through the interface only (see `../state-store-contract.ts`).
 */
export function describeCheckStoreContract(open: OpenStore<StateStore>): void {
  describe("CheckStore", () => {
    const { store: current, started } = storeFixture(open);
    let store: StateStore;
    beforeEach(() => {
      store = current();
    });

  describe("check results and profiles", () => {
    it("round-trips check results exactly and finds those of the newest checked materialisation", async () => {
      const older = await started("clean/orders", "d1", 0);
      const newer = await started("clean/orders", "d2", 1);
      const unchecked = await started("clean/orders", "d2", 2);
      const olderResults = [aCheckResult(older, "not_null_order_id", 3), { ...aCheckResult(older, "volume", 3), kind: "volume", severity: "warn" as const, blocking: false, status: "pass" as const, failingSample: [], metrics: {} }];
      await store.recordCheckResults(olderResults);
      await store.recordCheckResults([aCheckResult(newer, "not_null_order_id", 4)]);

      expect(await store.checkResults("clean/orders", { materialisationId: older.id })).toEqual(olderResults);
      expect(await store.checkResults("clean/orders")).toEqual([aCheckResult(newer, "not_null_order_id", 4)]);
      expect(await store.checkResults("clean/orders", { partition: "d1" })).toEqual(olderResults);
      expect(await store.checkResults("clean/orders", { partition: "d2" })).toEqual([aCheckResult(newer, "not_null_order_id", 4)]);
      expect(await store.checkResults("clean/orders", { materialisationId: unchecked.id })).toEqual([]);
      expect(await store.checkResults("clean/orders", { partition: "d9" })).toEqual([]);
      expect(await store.checkResults("nothing/here")).toEqual([]);
      const [first] = await store.checkResults("clean/orders");
      expect(first?.evaluatedAt).toBeInstanceOf(Date);
    });

    it("replaces a check result recorded again for the same materialisation", async () => {
      const m = await started("clean/orders", "", 0);
      await store.recordCheckResults([aCheckResult(m, "not_null_order_id", 1), aCheckResult(m, "unique_order_id", 1)]);
      const rerun = { ...aCheckResult(m, "not_null_order_id", 2), status: "pass" as const, message: "no nulls", metrics: { failing: 0 }, failingSample: [] };
      await store.recordCheckResults([rerun]);
      expect(await store.checkResults("clean/orders", { materialisationId: m.id })).toEqual([rerun, aCheckResult(m, "unique_order_id", 1)]);
    });

    it("round-trips profiles exactly and returns the newest of the asset or partition", async () => {
      const d1 = await started("clean/orders", "d1", 0);
      const d2 = await started("clean/orders", "d2", 1);
      await store.recordProfile(aProfile(d1, 10, 2));
      await store.recordProfile(aProfile(d2, 20, 3));
      expect(await store.latestProfile("clean/orders")).toEqual(aProfile(d2, 20, 3));
      expect(await store.latestProfile("clean/orders", "d1")).toEqual(aProfile(d1, 10, 2));
      expect((await store.latestProfile("clean/orders"))?.profiledAt).toBeInstanceOf(Date);
      expect(await store.latestProfile("clean/orders", "d9")).toBeUndefined();
      expect(await store.latestProfile("nothing/here")).toBeUndefined();
    });
  });
  });
}
