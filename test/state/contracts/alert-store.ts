import { describe, expect, it } from "vitest";
import type { AlertStore } from "../../../runtime/state/alert-store.ts";

const at = (minute: number) => new Date(Date.UTC(2024, 3, 5, 12, minute));

/**
 * The contract of {@link AlertStore}: the level of each alertable condition, so that alerts go
 * out once per change. Through the interface only (see `../scheduler-store-contract.ts`).
 */
export function describeAlertStoreContract(open: () => Promise<AlertStore & { close(): Promise<void> }>): void {
  describe("AlertStore", () => {
    it("has no levels at first, keeps the last level of each condition, and adds new ones", async () => {
      const store = await open();
      try {
        expect(await store.alertLevels()).toEqual(new Map());
        await store.setAlertLevels(new Map([["run|clean/a|", "fail"]]), at(1));
        await store.setAlertLevels(new Map([["run|clean/a|", "ok"], ["freshness|clean/b|", "warn"]]), at(2));
        expect(await store.alertLevels()).toEqual(new Map([["run|clean/a|", "ok"], ["freshness|clean/b|", "warn"]]));
        await store.setAlertLevels(new Map(), at(3));
        expect(await store.alertLevels()).toEqual(new Map([["run|clean/a|", "ok"], ["freshness|clean/b|", "warn"]]));
      } finally {
        await store.close();
      }
    });

    it("keeps the levels of thousands of conditions set at once (one tick over a large catalog)", async () => {
      const store = await open();
      try {
        const levels = new Map(Array.from({ length: 2_345 }, (_, i) => [`freshness|clean/a${i}|`, i % 3 === 0 ? "fail" : i % 3 === 1 ? "warn" : "ok"] as const));
        await store.setAlertLevels(levels, at(1));
        expect(await store.alertLevels()).toEqual(levels);
      } finally {
        await store.close();
      }
    });
  });
}
