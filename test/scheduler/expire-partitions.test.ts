import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { asset, buildAssetGraph, col, daily, sql } from "lakeform";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expirePartitions } from "../../runtime/scheduler/expire-partitions.ts";
import type { SchedulerStore } from "../../runtime/state/scheduler-store.ts";
import { SqliteStateStore } from "../../runtime/state/sqlite/sqlite-state-store.ts";
import { LocalObjectStore } from "../../runtime/storage/local/local-object-store.ts";

const graph = buildAssetGraph([
  asset("clean/events", { owners: ["team:data"], columns: { n: col.int64() }, partitions: daily({ start: "2024-01-01" }), compute: sql`select 1 as n`, retentionDays: 10 }),
  asset("clean/kept", { owners: ["team:data"], columns: { n: col.int64() }, partitions: daily({ start: "2024-01-01" }), compute: sql`select 1 as n` }),
]);
const now = new Date("2024-03-01T12:00:00Z"); // cutoff 2024-02-20T12:00Z: 2024-02-19 and before expired

let root: string;
let state: SchedulerStore;
let services: { graph: typeof graph; state: SchedulerStore; store: LocalObjectStore };
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "lakeform-expire-"));
  state = SqliteStateStore.open(":memory:");
  services = { graph, state, store: new LocalObjectStore(root) };
  await state.createRun({ id: "r1", selection: "*", trigger: "manual", startedAt: now, pid: 1, host: "h" });
});
afterEach(async () => {
  await state.close();
  rmSync(root, { recursive: true, force: true });
});

/** Publishes one file per partition of `asset`, written on disk. */
async function publishDays(assetKey: string, days: readonly string[]): Promise<void> {
  for (const day of days) {
    const key = `${assetKey}/dt=${day}/v-${day}.parquet`;
    mkdirSync(dirname(join(root, key)), { recursive: true });
    writeFileSync(join(root, key), "data");
    const m = await state.startMaterialisation({ runId: "r1", asset: assetKey, partition: day, version: `v-${day}`, fingerprint: "f", startedAt: now });
    await state.publish([{ id: m.id, rows: 1, bytes: 4, files: [key], timings: {} }], now);
  }
}
const januaryToMarch = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)); // 2024-01-01 … 2024-02-29
/** The partition folders of `assetKey` that still hold a file. */
const onDisk = (assetKey: string) => readdirSync(join(root, assetKey)).filter((d) => readdirSync(join(root, assetKey, d)).length > 0).sort();

describe("expiring partitions past retentionDays", () => {
  it("a tick looks at every published partition of an asset that has more than it may keep, bounded per asset", async () => {
    await publishDays("clean/events", januaryToMarch);
    await publishDays("clean/kept", januaryToMarch.slice(0, 3));
    const first = await expirePartitions(services, now, { by: "the scheduler", limitPerAsset: 30, summaries: await state.publishedSummaries(), since: new Date(now.getTime() - 60_000) });
    expect(first).toEqual([{ asset: "clean/events", partitions: januaryToMarch.slice(0, 30), files: 30 }]);
    const second = await expirePartitions(services, now, { by: "the scheduler", limitPerAsset: 30, summaries: await state.publishedSummaries(), since: new Date(now.getTime() - 60_000) });
    expect(second).toEqual([{ asset: "clean/events", partitions: januaryToMarch.slice(30, 50), files: 20 }]);
    expect(onDisk("clean/events")).toEqual(januaryToMarch.slice(50).map((d) => `dt=${d}`));
    expect(onDisk("clean/kept")).toHaveLength(3);
    expect((await state.publishedSummaries()).get("clean/events")?.partitions).toBe(10);
  });

  it("a tick expires nothing while the first kept window has not moved since the last tick, then the windows that crossed it", async () => {
    // 2024-02-19 (expired: its window ended 2024-02-20T00:00Z) … 2024-02-29: one more than it keeps, as after a day.
    await publishDays("clean/events", januaryToMarch.slice(49));
    const summaries = await state.publishedSummaries();
    const sameBoundary = await expirePartitions(services, now, { by: "the scheduler", summaries, since: new Date(now.getTime() - 3_600_000) });
    expect(sameBoundary).toEqual([]);
    const crossed = await expirePartitions(services, now, { by: "the scheduler", summaries, since: new Date("2024-02-28T12:00:00Z") });
    expect(crossed).toEqual([{ asset: "clean/events", partitions: ["2024-02-19"], files: 1 }]);
    expect((await state.materialisationHistory("clean/events", { partition: "2024-02-19" }))[0]).toMatchObject({ status: "expired", reason: "retentionDays 10: its window ended more than 10 days before 2024-03-01T12:00:00.000Z (expired by the scheduler)" });
  });
});
