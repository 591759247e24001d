import { beforeEach, describe, expect, it } from "vitest";
import type { StateStore } from "../../../runtime/state/state-store.ts";
import { storeFixture, type OpenStore, at, aPublish } from "./store-fixture.ts";

/**
 * The run lifecycle as persisted jobs: each materialisation's phase, engine job id and whether its
 * job is detached from the process, moved on by `recordPhase`, found by `inFlightMaterialisations`,
 * and left alone by `failAbandoned`. Runs on every backend through the interface only.
 */
export function describeRunLifecycleContract(open: OpenStore<StateStore>): void {
  describe("run lifecycle (phases and job ids)", () => {
    const { store: current, started } = storeFixture(open);
    let store: StateStore;
    beforeEach(() => {
      store = current();
    });

    it("persists the phase, the job id and the staged version, and reads them back", async () => {
      const m = await started("clean/orders", "d1", 0);
      expect(m).toMatchObject({ phase: "queued", jobId: undefined, detached: false });
      const submitted = await store.recordPhase(m.id, { phase: "submitted", jobId: "lakeform_clean_orders_abc", detached: true });
      expect(submitted).toMatchObject({ status: "running", phase: "submitted", jobId: "lakeform_clean_orders_abc", detached: true });
      const publish = aPublish(m, 7);
      const staged = await store.recordPhase(m.id, { phase: "staged", rows: 7, bytes: publish.bytes, files: publish.files, digests: publish.digests, timings: { compute: 3 } });
      expect(staged).toMatchObject({ phase: "staged", jobId: "lakeform_clean_orders_abc", detached: true, rows: 7, bytes: 700, files: publish.files, digests: publish.digests, timings: { compute: 3 } });
      expect(await store.inFlightMaterialisations()).toEqual([staged]);
      const audited = await store.recordPhase(m.id, { phase: "audited" });
      expect((await store.materialisationHistory("clean/orders"))[0]).toEqual(audited);
      await store.publish([{ id: m.id, rows: 7, bytes: 700, files: audited.files, digests: audited.digests, timings: audited.timings }], at(2));
      expect((await store.publishedVersions("clean/orders"))[0]?.digests).toEqual(publish.digests);
      expect(await store.inFlightMaterialisations()).toEqual([]);
      expect((await store.materialisationsOfRun("run-0")).map((r) => [r.status, r.phase, r.jobId])).toEqual([["published", "audited", "lakeform_clean_orders_abc"]]);
    });

    it("never moves a phase back, nor a finished materialisation", async () => {
      const m = await started("clean/orders", "d1", 0);
      await store.recordPhase(m.id, { phase: "staged", jobId: "j1" });
      await expect(store.recordPhase(m.id, { phase: "submitted" })).rejects.toThrow("is already staged; it cannot go back to submitted");
      await store.finishMaterialisation(m.id, { status: "failed", finishedAt: at(1), reason: "boom" });
      await expect(store.recordPhase(m.id, { phase: "audited" })).rejects.toThrow("only running materialisations can be moved on to audited");
      await expect(store.recordPhase(987654, { phase: "audited" })).rejects.toThrow();
    });

    it("leaves detached jobs of a dead process to later ticks, and keeps their run running", async () => {
      const detached = await started("clean/orders", "d1", 0, "dead");
      const inline = await started("clean/orders", "d2", 0, "dead");
      await store.recordPhase(detached.id, { phase: "submitted", jobId: "j-detached", detached: true });
      await store.recordPhase(inline.id, { phase: "submitted", jobId: "j-inline" });
      const failed = await store.failAbandoned(() => false, at(5));
      expect(failed.map((m) => m.id)).toEqual([inline.id]);
      expect(await store.getRun("dead")).toMatchObject({ status: "running" });
      expect((await store.inFlightMaterialisations()).map((m) => [m.id, m.jobId])).toEqual([[detached.id, "j-detached"]]);
      await store.finishMaterialisation(detached.id, { status: "failed", finishedAt: at(6), reason: "job lost" });
      await store.failAbandoned(() => false, at(7));
      expect(await store.getRun("dead")).toMatchObject({ status: "failed" });
    });
  });
}
