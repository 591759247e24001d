import { beforeEach, describe, expect, it } from "vitest";
import type { StateStore } from "../../../runtime/state/state-store.ts";
import { storeFixture, type OpenStore, at, aRun } from "./store-fixture.ts";

/**
 * The contract of {@link RunStore}: creating, heartbeating, finishing and listing runs.
 * Runs on every backend through the interface only (see `../state-store-contract.ts`).
 */
export function describeRunStoreContract(open: OpenStore<StateStore>): void {
  describe("RunStore", () => {
    const { store: current } = storeFixture(open);
    let store: StateStore;
    beforeEach(() => {
      store = current();
    });

  describe("runs", () => {
    it("creates a running run and reads it back", async () => {
      const created = await store.createRun(aRun("r1", 0));
      const expected = { ...aRun("r1", 0), status: "running", finishedAt: undefined, heartbeatAt: at(0), summary: undefined };
      expect(created).toEqual(expected);
      expect(await store.getRun("r1")).toEqual(expected);
      expect(await store.getRun("nope")).toBeUndefined();
    });

    it("records heartbeats and finishes a run with its summary", async () => {
      await store.createRun(aRun("r1", 0));
      await store.heartbeat("r1", at(5));
      expect((await store.getRun("r1"))?.heartbeatAt).toEqual(at(5));
      await store.finishRun("r1", "partial", at(9), { published: 3, failed: 1 });
      const run = await store.getRun("r1");
      expect(run).toMatchObject({ status: "partial", finishedAt: at(9), heartbeatAt: at(5), summary: { published: 3, failed: 1 } });
      expect(run?.finishedAt).toBeInstanceOf(Date);
    });

    it("refuses a duplicate run id, unknown runs and finishing a run twice", async () => {
      await store.createRun(aRun("r1", 0));
      await expect(store.createRun(aRun("r1", 1))).rejects.toThrow(/Run "r1" already exists.*Fix:/);
      expect((await store.getRun("r1"))?.startedAt).toEqual(at(0));
      await expect(store.heartbeat("ghost", at(1))).rejects.toThrow(/Run "ghost" is not in the state store/);
      await expect(store.finishRun("ghost", "failed", at(1), {})).rejects.toThrow(/Run "ghost" is not in the state store/);
      await store.finishRun("r1", "succeeded", at(2), {});
      await expect(store.finishRun("r1", "failed", at(3), {})).rejects.toThrow(/Run "r1" is succeeded/);
      expect(await store.getRun("r1")).toMatchObject({ status: "succeeded", finishedAt: at(2) });
    });

    it("lists runs newest first, limited", async () => {
      for (const [id, minutes] of [["a", 1], ["c", 3], ["b", 2], ["d", 0]] as const) await store.createRun(aRun(id, minutes));
      expect((await store.listRuns()).map((r) => r.id)).toEqual(["c", "b", "a", "d"]);
      expect((await store.listRuns({ limit: 2 })).map((r) => r.id)).toEqual(["c", "b"]);
      expect(await store.listRuns({ limit: 0 })).toEqual([]);
    });
  });
  });
}
