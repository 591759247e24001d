import { beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { MaterialisationRecord } from "../../../runtime/state/records.ts";
import type { StateStore } from "../../../runtime/state/state-store.ts";
import { storeFixture, type OpenStore, at, aPublish } from "./store-fixture.ts";

/**
 * The contract of {@link VersionStore}: materialisations, atomic publish, published versions, history and row counts, abandoned work.
 * Runs on every backend through the interface only (see `../state-store-contract.ts`).
 */
export function describeVersionStoreContract(open: OpenStore<StateStore>): void {
  describe("VersionStore", () => {
    const { store: current, started, publishedAt, statusOf } = storeFixture(open);
    let store: StateStore;
    beforeEach(() => {
      store = current();
    });

  describe("materialisations", () => {
    it("starts running materialisations with increasing ids, no files and no timings", async () => {
      const first = await started("clean/orders", "2024-05-01", 0);
      const second = await started("clean/orders", "", 1);
      expect(second.id).toBeGreaterThan(first.id);
      expect(first).toEqual({
        id: first.id, runId: "run-0", asset: "clean/orders", partition: "2024-05-01", version: "clean/orders@2024-05-01#0", fingerprint: "fp-0",
        status: "running", startedAt: at(0), finishedAt: undefined, publishedAt: undefined, rows: undefined, bytes: undefined, files: [], reason: undefined, timings: {},
        digests: [], phase: "queued", jobId: undefined, detached: false,
      });
    });

    it("finishes a running materialisation as blocked, failed or skipped, with its outcome", async () => {
      const blocked = await started("clean/orders", "d1", 0);
      const failed = await started("clean/orders", "d2", 1);
      const skipped = await started("clean/orders", "d3", 2);
      const b = await store.finishMaterialisation(blocked.id, { status: "blocked", finishedAt: at(5), rows: 10, bytes: 999, files: ["s3://x/1.parquet"], reason: "check not_null failed", timings: { compute: 4, checks: 1 } });
      expect(b).toEqual({ ...blocked, status: "blocked", finishedAt: at(5), rows: 10, bytes: 999, files: ["s3://x/1.parquet"], reason: "check not_null failed", timings: { compute: 4, checks: 1 } });
      const f = await store.finishMaterialisation(failed.id, { status: "failed", finishedAt: at(6), reason: "division by zero" });
      expect(f).toEqual({ ...failed, status: "failed", finishedAt: at(6), reason: "division by zero" });
      await store.finishMaterialisation(skipped.id, { status: "skipped", finishedAt: at(7), reason: "upstream failed" });
      expect((await store.materialisationHistory("clean/orders")).map((m) => [m.partition, m.status])).toEqual([["d3", "skipped"], ["d2", "failed"], ["d1", "blocked"]]);
    });

    it("refuses to finish a materialisation that is not running, or to start one in an unknown or finished run", async () => {
      const m = await started("clean/orders", "", 0);
      await store.finishMaterialisation(m.id, { status: "failed", finishedAt: at(1), reason: "boom" });
      await expect(store.finishMaterialisation(m.id, { status: "blocked", finishedAt: at(2) })).rejects.toThrow(/only running materialisations can be finished\. Fix:/);
      expect(await statusOf(m)).toBe("failed");
      await expect(store.finishMaterialisation(m.id + 1000, { status: "failed", finishedAt: at(2) })).rejects.toThrow(/is not in the state store/);
      await expect(store.startMaterialisation({ runId: "ghost", asset: "a", partition: "", version: "v", fingerprint: "f", startedAt: at(1) })).rejects.toThrow(/Run "ghost"/);
      await store.finishRun("run-0", "failed", at(3), {});
      await expect(started("clean/orders", "", 4, "run-0")).rejects.toThrow(/Run "run-0" is failed/);
    });
  });

  describe("publish", () => {
    it("makes a version visible and supersedes the previous one", async () => {
      const v1 = await started("clean/orders", "2024-05-01", 0);
      await store.publish([aPublish(v1, 10)], at(1));
      expect(await store.publishedVersions("clean/orders")).toEqual([
        { asset: "clean/orders", partition: "2024-05-01", version: v1.version, materialisationId: v1.id, fingerprint: "fp-0", publishedAt: at(1), rows: 10, files: aPublish(v1, 10).files, digests: aPublish(v1, 10).digests },
      ]);

      const v2 = await started("clean/orders", "2024-05-01", 2);
      await store.publish([aPublish(v2, 20)], at(3));
      expect((await store.publishedVersions("clean/orders")).map((p) => [p.materialisationId, p.rows, p.publishedAt])).toEqual([[v2.id, 20, at(3)]]);
      const [newest, previous] = await store.materialisationHistory("clean/orders");
      expect(newest).toEqual({ ...v2, status: "published", rows: 20, bytes: 2000, files: aPublish(v2, 20).files, digests: aPublish(v2, 20).digests, timings: { compute: 20, publish: 1 }, publishedAt: at(3), finishedAt: at(3) });
      expect(previous).toMatchObject({ id: v1.id, status: "superseded", rows: 10, publishedAt: at(1) });
    });

    it("keeps the size and SHA-256 of each published file with the version, none when not given", async () => {
      const a = await started("clean/orders", "d1", 0);
      const b = await started("clean/orders", "d2", 0);
      const digests = [
        { key: "clean/orders/dt=d1/v-1.parquet", bytes: 1234, sha256: "0123456789abcdef".repeat(4) },
        { key: "clean/orders/dt=d1/v-1b.parquet", bytes: 0, sha256: "f".repeat(64) },
      ];
      const { digests: _, ...bare } = aPublish(b, 2);
      await store.publish([{ ...aPublish(a, 1), files: digests.map((d) => d.key), digests }, bare], at(1));
      expect((await store.publishedVersions("clean/orders")).map((p) => [p.partition, p.digests])).toEqual([["d1", digests], ["d2", []]]);
    });

    it("refuses a file digest that is not a SHA-256 or a byte count, and publishes nothing", async () => {
      const m = await started("clean/orders", "d1", 0);
      const file = aPublish(m, 1).files[0] ?? "";
      await expect(store.publish([{ ...aPublish(m, 1), digests: [{ key: file, bytes: 1, sha256: "not-a-hash" }] }], at(1))).rejects.toThrow(/sha256 of ".*part-0\.parquet"/);
      await expect(store.publish([{ ...aPublish(m, 1), digests: [{ key: file, bytes: -1, sha256: "a".repeat(64) }] }], at(1))).rejects.toThrow(/bytes of ".*part-0\.parquet"/);
      expect(await statusOf(m)).toBe("running");
      expect(await store.publishedVersions("clean/orders")).toEqual([]);
    });

    it("publishes a batch of partitions and assets together", async () => {
      const old = await publishedAt("clean/orders", "d1", 0, 1);
      const batch = [await started("clean/orders", "d1", 2), await started("clean/orders", "d2", 2), await started("curated/revenue", "", 2)];
      await store.publish(batch.map((m, i) => aPublish(m, 100 + i)), at(5));
      expect((await store.publishedVersions("clean/orders")).map((p) => [p.partition, p.materialisationId])).toEqual([["d1", batch[0]?.id], ["d2", batch[1]?.id]]);
      expect((await store.publishedVersions("curated/revenue")).map((p) => p.materialisationId)).toEqual([batch[2]?.id]);
      expect(await statusOf(old)).toBe("superseded");
    });

    it("refuses a batch with a non-running materialisation and publishes none of it", async () => {
      const visible = await publishedAt("clean/orders", "d1", 0, 5);
      const first = await started("clean/orders", "d1", 2);
      const second = await started("clean/orders", "d2", 2);
      const third = await started("clean/orders", "d3", 2);
      await store.finishMaterialisation(third.id, { status: "blocked", finishedAt: at(3), reason: "check failed" });
      await expect(store.publish([aPublish(first, 1), aPublish(second, 2), aPublish(third, 3)], at(4))).rejects.toThrow(
        /Asset "clean\/orders": materialisation \d+ of partition "d3" is blocked; only running materialisations can be published\. Fix:/,
      );
      expect([await statusOf(first), await statusOf(second), await statusOf(third), await statusOf(visible)]).toEqual(["running", "running", "blocked", "published"]);
      expect((await store.publishedVersions("clean/orders")).map((p) => [p.partition, p.materialisationId, p.rows])).toEqual([["d1", visible.id, 5]]);
      expect((await store.materialisationHistory("clean/orders", { partition: "d1" }))[0]).toMatchObject({ id: first.id, rows: undefined, publishedAt: undefined });
    });

    it("refuses to publish the same materialisation twice, or an unknown one", async () => {
      const m = await publishedAt("clean/orders", "", 0, 1);
      await expect(store.publish([aPublish(m, 2)], at(5))).rejects.toThrow(/is published; only running materialisations can be published/);
      await expect(store.publish([{ ...aPublish(m, 2), id: m.id + 1000 }], at(5))).rejects.toThrow(/is not in the state store/);
      expect((await store.publishedVersions("clean/orders")).map((p) => [p.materialisationId, p.rows, p.publishedAt])).toEqual([[m.id, 1, at(1)]]);
    });

    it("keeps exactly one visible version per partition, the last published, for any order of publishes", async () => {
      let round = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom("d1", "d2", "d3", ""), { minLength: 1, maxLength: 12 }), async (partitions) => {
          const asset = `prop/asset-${round++}`;
          const last = new Map<string, number>();
          for (const [i, partition] of partitions.entries()) {
            const m = await started(asset, partition, i, `run-${asset}-${i}`);
            await store.publish([aPublish(m, i)], at(i + 1));
            last.set(partition, m.id);
          }
          const visible = await store.publishedVersions(asset);
          expect(new Map(visible.map((p) => [p.partition, p.materialisationId]))).toEqual(last);
          const history = await store.materialisationHistory(asset);
          expect(history.filter((m) => m.status === "published").map((m) => m.id).sort()).toEqual([...last.values()].sort());
          expect(history.filter((m) => m.status !== "published").every((m) => m.status === "superseded")).toBe(true);
        }),
        { numRuns: 25 },
      );
    });
  });

  describe("expirePartitions", () => {
    it("unpublishes the visible version of each given partition and returns the files of every finished version there", async () => {
      const old1 = await publishedAt("clean/orders", "d1", 0, 10);
      const new1 = await publishedAt("clean/orders", "d1", 2, 11);
      const blocked = await started("clean/orders", "d1", 4);
      await store.finishMaterialisation(blocked.id, { status: "blocked", finishedAt: at(5), files: ["s3://lake/blocked.parquet"] });
      const running = await started("clean/orders", "d1", 6);
      const kept = await publishedAt("clean/orders", "d2", 8, 12);

      const result = await store.expirePartitions("clean/orders", ["d1", "d9", "d1"], at(20), "older than retention (30 days)");
      expect(result.expired).toEqual([{ ...new1, status: "expired", finishedAt: at(20), publishedAt: at(3), rows: 11, bytes: 1100, files: aPublish(new1, 11).files, digests: aPublish(new1, 11).digests, reason: "older than retention (30 days)", timings: { compute: 11, publish: 1 } }]);
      expect(result.files).toEqual([...aPublish(old1, 10).files, ...aPublish(new1, 11).files, "s3://lake/blocked.parquet"].sort());
      expect((await store.publishedVersions("clean/orders")).map((v) => v.materialisationId)).toEqual([kept.id]);
      expect(await statusOf(old1)).toBe("superseded");
      expect(await statusOf(running)).toBe("running");
      expect(await store.expirePartitions("clean/orders", ["d1"], at(21), "again")).toEqual({ expired: [], files: [] });
    });
  });

  describe("reading published versions and history", () => {
    it("returns the visible versions of the given partitions, or all, by partition", async () => {
      for (const [i, partition] of ["d3", "d1", "d2"].entries()) await publishedAt("clean/orders", partition, i * 2, i);
      await publishedAt("clean/customers", "d1", 10, 7);
      await started("clean/orders", "d4", 20);
      expect((await store.publishedVersions("clean/orders")).map((p) => p.partition)).toEqual(["d1", "d2", "d3"]);
      expect((await store.publishedVersions("clean/orders", ["d3", "d1", "d4", "d9"])).map((p) => p.partition)).toEqual(["d1", "d3"]);
      expect(await store.publishedVersions("clean/orders", [])).toEqual([]);
      expect(await store.publishedVersions("nothing/here")).toEqual([]);
    });

    it("lists history newest first, with limit and partition filter", async () => {
      const ms = [];
      for (let i = 0; i < 5; i++) ms.push(await started("clean/orders", i % 2 === 0 ? "even" : "odd", i));
      await started("clean/customers", "even", 9);
      const ids = (list: MaterialisationRecord[]) => list.map((m) => m.id);
      expect(ids(await store.materialisationHistory("clean/orders"))).toEqual(ids(ms).reverse());
      expect(ids(await store.materialisationHistory("clean/orders", { limit: 2 }))).toEqual(ids(ms).reverse().slice(0, 2));
      expect(ids(await store.materialisationHistory("clean/orders", { partition: "even" }))).toEqual([ms[4], ms[2], ms[0]].map((m) => m?.id));
      expect(ids(await store.materialisationHistory("clean/orders", { partition: "odd", limit: 1 }))).toEqual([ms[3]?.id]);
      expect(await store.materialisationHistory("nothing/here")).toEqual([]);
    });

    it("returns the newest materialisation of each asset, whatever its status", async () => {
      await publishedAt("clean/orders", "d1", 0, 1);
      const failing = await started("clean/orders", "d2", 2);
      const failed = await store.finishMaterialisation(failing.id, { status: "failed", finishedAt: at(3), reason: "boom" });
      const customers = await publishedAt("clean/customers", "", 4, 1);
      await started("other/asset", "", 6);
      const latest = await store.latestMaterialisations(["clean/orders", "clean/customers", "never/run", "clean/orders"]);
      expect([...latest.keys()].sort()).toEqual(["clean/customers", "clean/orders"]);
      expect(latest.get("clean/orders")).toEqual(failed);
      expect(latest.get("clean/customers")).toMatchObject({ id: customers.id, status: "published" });
      expect(await store.latestMaterialisations([])).toEqual(new Map());
    });
  });

  describe("publishedRowCounts", () => {
    it("gives one row count per partition (its newest published version), newest partition first", async () => {
      await publishedAt("clean/orders", "2024-05-02", 0, 200);
      await publishedAt("clean/orders", "2024-05-01", 2, 100);
      await publishedAt("clean/orders", "2024-05-03", 4, 300);
      await publishedAt("clean/orders", "2024-05-01", 6, 110);
      const blocked = await started("clean/orders", "2024-05-04", 8);
      await store.finishMaterialisation(blocked.id, { status: "blocked", finishedAt: at(9), rows: 1 });
      await started("clean/orders", "2024-05-05", 10);
      await publishedAt("clean/customers", "2024-05-06", 12, 9);

      expect(await store.publishedRowCounts("clean/orders", { limit: 10 })).toEqual([
        { partition: "2024-05-03", rows: 300, publishedAt: at(5) },
        { partition: "2024-05-02", rows: 200, publishedAt: at(1) },
        { partition: "2024-05-01", rows: 110, publishedAt: at(7) },
      ]);
      expect((await store.publishedRowCounts("clean/orders", { limit: 10, excludePartition: "2024-05-03" })).map((r) => r.partition)).toEqual(["2024-05-02", "2024-05-01"]);
      expect((await store.publishedRowCounts("clean/orders", { limit: 2 })).map((r) => r.rows)).toEqual([300, 200]);
      expect((await store.publishedRowCounts("clean/orders", { limit: 1, excludePartition: "2024-05-03" })).map((r) => r.rows)).toEqual([200]);
      expect(await store.publishedRowCounts("never/run", { limit: 5 })).toEqual([]);
    });

    it("gives the last published versions, newest first, for an unpartitioned asset", async () => {
      for (const [i, rows] of [10, 20, 30, 40].entries()) await publishedAt("curated/revenue", "", i * 2, rows);
      const failed = await started("curated/revenue", "", 20);
      await store.finishMaterialisation(failed.id, { status: "failed", finishedAt: at(21), rows: 999 });
      await started("curated/revenue", "", 22);

      expect(await store.publishedRowCounts("curated/revenue", { limit: 3 })).toEqual([
        { partition: "", rows: 40, publishedAt: at(7) },
        { partition: "", rows: 30, publishedAt: at(5) },
        { partition: "", rows: 20, publishedAt: at(3) },
      ]);
      expect((await store.publishedRowCounts("curated/revenue", { limit: 10 })).map((r) => r.rows)).toEqual([40, 30, 20, 10]);
      expect((await store.publishedRowCounts("curated/revenue", { limit: 10, excludePartition: "2024-05-01" })).map((r) => r.rows)).toEqual([40, 30, 20, 10]);
      expect(await store.publishedRowCounts("curated/revenue", { limit: 10, excludePartition: "" })).toEqual([]);
    });
  });

  describe("failAbandoned", () => {
    it("fails the running materialisations and the runs of dead processes, and nothing else", async () => {
      const alive = await started("clean/orders", "d1", 0, "alive");
      const dead1 = await started("clean/orders", "d2", 1, "dead");
      const dead2 = await started("clean/customers", "", 1, "dead");
      const deadPublished = await started("clean/orders", "d3", 1, "dead");
      await store.publish([aPublish(deadPublished, 3)], at(2));
      const finished = await started("clean/orders", "d4", 3, "finished");
      await store.finishMaterialisation(finished.id, { status: "failed", finishedAt: at(4) });
      await store.finishRun("finished", "failed", at(4), {});

      const asked: string[] = [];
      const failed = await store.failAbandoned((run) => {
        asked.push(run.id);
        return run.id === "alive";
      }, at(10));

      expect(asked.sort()).toEqual(["alive", "dead"]);
      const reason = "abandoned: the process running it died (run dead, pid 4242)";
      expect(failed).toEqual([
        { ...dead1, status: "failed", finishedAt: at(10), reason },
        { ...dead2, status: "failed", finishedAt: at(10), reason },
      ]);
      expect(await store.getRun("dead")).toMatchObject({ status: "failed", finishedAt: at(10) });
      expect(await store.getRun("alive")).toMatchObject({ status: "running", finishedAt: undefined });
      expect(await store.getRun("finished")).toMatchObject({ status: "failed", finishedAt: at(4) });
      expect([await statusOf(alive), await statusOf(deadPublished), await statusOf(finished)]).toEqual(["running", "published", "failed"]);
      expect(await store.failAbandoned(() => false, at(11))).toEqual([
        { ...alive, status: "failed", finishedAt: at(11), reason: "abandoned: the process running it died (run alive, pid 4242)" },
      ]);
      expect(await store.getRun("alive")).toMatchObject({ status: "failed", finishedAt: at(11) });
      expect(await store.failAbandoned(() => false, at(12))).toEqual([]);
    });
  });
  });
}
