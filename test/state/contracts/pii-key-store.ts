import { beforeEach, describe, expect, it } from "vitest";
import type { StateStore } from "../../../runtime/state/state-store.ts";
import { storeFixture, type OpenStore, at } from "./store-fixture.ts";

/**
 * The contract of {@link PiiKeyStore}: the fingerprint of the PII key in force.
 * Runs on every backend through the interface only (see `../state-store-contract.ts`).
 */
export function describePiiKeyStoreContract(open: OpenStore<StateStore>): void {
  describe("PiiKeyStore", () => {
    const { store: current } = storeFixture(open);
    let store: StateStore;
    beforeEach(() => {
      store = current();
    });

  describe("PII key fingerprint", () => {
    it("has none until one is recorded; the first recorded stays in force", async () => {
      expect(await store.piiKeyFingerprint()).toBeUndefined();
      expect(await store.recordPiiKeyFingerprint("aaaa1111", at(0))).toEqual({ fingerprint: "aaaa1111", recordedAt: at(0), previousFingerprint: undefined });
      expect(await store.recordPiiKeyFingerprint("bbbb2222", at(5))).toEqual({ fingerprint: "aaaa1111", recordedAt: at(0), previousFingerprint: undefined });
      expect(await store.piiKeyFingerprint()).toEqual({ fingerprint: "aaaa1111", recordedAt: at(0), previousFingerprint: undefined });
    });

    it("keeps one fingerprint when several record one at once", async () => {
      const recorded = await Promise.all(["k1", "k2", "k3", "k4"].map((f, i) => store.recordPiiKeyFingerprint(f, at(i))));
      const inForce = (await store.piiKeyFingerprint())?.fingerprint;
      expect(recorded.every((r) => r.fingerprint === inForce)).toBe(true);
    });

    it("rotates to a new fingerprint, remembering the one it replaced; rotating to the same one changes nothing", async () => {
      expect(await store.rotatePiiKeyFingerprint("first", at(0))).toEqual({ fingerprint: "first", recordedAt: at(0), previousFingerprint: undefined });
      await store.rotatePiiKeyFingerprint("second", at(3));
      expect(await store.piiKeyFingerprint()).toEqual({ fingerprint: "second", recordedAt: at(3), previousFingerprint: "first" });
      expect(await store.rotatePiiKeyFingerprint("second", at(9))).toEqual({ fingerprint: "second", recordedAt: at(3), previousFingerprint: "first" });
      expect(await store.recordPiiKeyFingerprint("third", at(10))).toMatchObject({ fingerprint: "second" });
    });
  });
  });
}
