import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { PostgresStateStore } from "../../runtime/state/postgres/postgres-state-store.ts";
import type { MaterialisationRecord } from "../../runtime/state/records.ts";
import type { SchedulerStore } from "../../runtime/state/scheduler-store.ts";
import { SqliteStateStore } from "../../runtime/state/sqlite/sqlite-state-store.ts";
import { describePostgres, TestSchemas } from "./support/postgres-test-database.ts";

const at = (minutes: number) => new Date(Date.parse("2024-05-01T10:00:00.000Z") + minutes * 60_000);
const ASSET = "clean/events";

/** `expirePartitions` (retention), the same on every backend. */
function describeExpirePartitionsContract(name: string, open: () => Promise<SchedulerStore>): void {
  describe(`expirePartitions contract: ${name}`, () => {
    let store: SchedulerStore;
    beforeEach(async () => {
      store = await open();
      await store.createRun({ id: "r1", selection: "*", trigger: "manual", startedAt: at(0), pid: 1, host: "h" });
    });
    afterEach(() => store.close());

    /** Starts and publishes a version of `partition`, with one file named after its version. */
    async function publish(partition: string, version: string, minutes: number): Promise<MaterialisationRecord> {
      const m = await store.startMaterialisation({ runId: "r1", asset: ASSET, partition, version, fingerprint: "f1", startedAt: at(minutes) });
      await store.publish([{ id: m.id, rows: 10, bytes: 100, files: [`${ASSET}/${partition}/${version}.parquet`], timings: {} }], at(minutes));
      return m;
    }

    it("unpublishes the partitions, records them expired with the reason, and returns every file of those partitions", async () => {
      await publish("2024-01-01", "v-a", 1);
      const replaced = await publish("2024-01-01", "v-b", 2);
      await publish("2024-01-02", "v-c", 3);
      await publish("2024-03-01", "v-d", 4);
      const blocked = await store.startMaterialisation({ runId: "r1", asset: ASSET, partition: "2024-01-02", version: "v-e", fingerprint: "f1", startedAt: at(5) });
      await store.finishMaterialisation(blocked.id, { status: "blocked", finishedAt: at(5), files: [`${ASSET}/2024-01-02/v-e.parquet`], reason: "a check failed" });

      const done = await store.expirePartitions(ASSET, ["2024-01-02", "2024-01-01", "2023-12-31"], at(60), "retentionDays 30: past it");

      expect(done.expired.map((m) => [m.partition, m.version, m.status, m.reason, m.finishedAt?.toISOString()])).toEqual([
        ["2024-01-01", "v-b", "expired", "retentionDays 30: past it", at(60).toISOString()],
        ["2024-01-02", "v-c", "expired", "retentionDays 30: past it", at(60).toISOString()],
      ]);
      expect(done.files).toEqual([`${ASSET}/2024-01-01/v-a.parquet`, `${ASSET}/2024-01-01/v-b.parquet`, `${ASSET}/2024-01-02/v-c.parquet`, `${ASSET}/2024-01-02/v-e.parquet`]);
      expect((await store.publishedVersions(ASSET)).map((v) => v.partition)).toEqual(["2024-03-01"]);
      expect((await store.publishedSummaries()).get(ASSET)?.partitions).toBe(1);
      const history = await store.materialisationHistory(ASSET, { partition: "2024-01-01" });
      expect(history.map((m) => [m.id, m.status])).toEqual([[replaced.id, "expired"], [replaced.id - 1, "superseded"]]);
    });

    it("expires nothing, and returns no file, for partitions without a published version; a later publish makes one visible again", async () => {
      await publish("2024-01-01", "v-a", 1);
      await store.expirePartitions(ASSET, ["2024-01-01"], at(10), "past retention");
      expect(await store.expirePartitions(ASSET, ["2024-01-01", "2024-02-01"], at(11), "past retention")).toEqual({ expired: [], files: [] });
      await publish("2024-01-01", "v-b", 12);
      expect((await store.publishedVersions(ASSET)).map((v) => v.version)).toEqual(["v-b"]);
      expect((await store.publishedSummaries()).get(ASSET)?.partitions).toBe(1);
    });
  });
}

describeExpirePartitionsContract("SQLite", async () => SqliteStateStore.open(":memory:"));

describePostgres("expirePartitions on PostgreSQL", (url) => {
  const schemas = new TestSchemas(url, "expire");
  afterAll(() => schemas.dropAll());
  describeExpirePartitionsContract("PostgreSQL", async () => PostgresStateStore.open(url, { schema: schemas.fresh() }));
});
