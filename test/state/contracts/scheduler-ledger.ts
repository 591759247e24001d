import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import type { SchedulerLedger, SchedulerStore } from "../../../runtime/state/scheduler-store.ts";

const at = (minute: number) => new Date(Date.UTC(2024, 3, 5, 12, minute));
/** This process, holding claims as a tick in it would. */
const here = { host: hostname(), pid: process.pid };
/** The id of a process of this host that has exited: a tick killed with -9. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid as number;

/** Runs `n` materialisations of (asset, partition) to completion, the last `failed` ones failing. */
async function materialise(store: SchedulerStore, runId: string, asset: string, partition: string, minute: number, status: "published" | "failed") {
  const m = await store.startMaterialisation({ runId, asset, partition, version: `v-${asset}-${partition}-${minute}`, fingerprint: "f", startedAt: at(minute) });
  if (status === "published") await store.publish([{ id: m.id, rows: 1, bytes: 1, files: [`${asset}/${partition}/${minute}.parquet`], timings: {} }], at(minute));
  else await store.finishMaterialisation(m.id, { status: "failed", finishedAt: at(minute), reason: "boom", files: [`${asset}/failed-${minute}.parquet`] });
  return m;
}

/**
 * The contract of {@link SchedulerLedger}: launch claims and their holders, decisions, the cursor,
 * what a tick loads, pruning. Through the interface only: every backend that keeps scheduler
 * state runs it (see `../scheduler-store-contract.ts`).
 */
export function describeSchedulerLedgerContract(open: () => Promise<SchedulerStore>): void {
  describe("SchedulerLedger", () => {
    it("claims a launch once, whoever asks first", async () => {
      const store = await open();
      try {
        const claim = { asset: "clean/a", partition: "2024-04-01", trigger: "schedule" as const, slot: "2024-04-05 02:30 Europe/Paris", attempt: 0, tickId: "t1", claimedAt: at(0), ...here };
        const results = await Promise.all([store.claimLaunch(claim), store.claimLaunch({ ...claim, tickId: "t2" }), store.claimLaunch(claim)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.claimLaunch({ ...claim, attempt: 1 })).toBe(true);
        expect(await store.attempts("clean/a", "2024-04-01", "schedule", claim.slot)).toBe(2);
      } finally {
        await store.close();
      }
    });

    it("launches an (asset, partition) once when two ticks decide it at the same instant under different triggers", async () => {
      const store = await open();
      try {
        const catchUp = { asset: "clean/order_items", partition: "2024-06-29", trigger: "catch-up" as const, slot: "missing", attempt: 0, tickId: "t1", claimedAt: at(0), ...here };
        const eager = { ...catchUp, trigger: "eager" as const, slot: "raw/orders@v1", tickId: "t2" };
        const results = await Promise.all([store.claimLaunch(catchUp), store.claimLaunch(eager)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        // Done or not, a tick that decided at the same instant decided from the same state.
        const winner = results[0] === true ? "t1" : "t2";
        await store.createRun({ id: "r1", selection: "scheduler", trigger: "catch-up", startedAt: at(0), ...here });
        await store.startLaunches(winner, "r1");
        await store.finishRun("r1", "succeeded", at(0), {});
        await store.finishLaunches(winner, at(0));
        expect(await store.claimLaunch({ ...eager, tickId: "t3" })).toBe(false);
        expect(await store.claimLaunch({ ...catchUp, trigger: "schedule", slot: "2024-06-30 02:00 UTC", tickId: "t3" })).toBe(false);
        // Distinct reasons decided later still launch: a later cron tick, a new upstream version.
        expect(await store.claimLaunch({ ...catchUp, trigger: "schedule", slot: "2024-06-30 02:00 UTC", tickId: "t4", claimedAt: at(1) })).toBe(true);
        await store.startLaunches("t4", "r1");
        await store.finishLaunches("t4", at(1));
        expect(await store.claimLaunch({ ...eager, slot: "raw/orders@v2", tickId: "t5", claimedAt: at(2) })).toBe(true);
        // While a tick is at work on the partition, no other launches it, whatever the reason.
        expect(await store.claimLaunch({ ...catchUp, trigger: "retry", slot: "after:7", tickId: "t6", claimedAt: at(3) })).toBe(false);
        expect(await store.claimLaunch({ ...catchUp, partition: "2024-06-30", tickId: "t6", claimedAt: at(3) })).toBe(true);
      } finally {
        await store.close();
      }
    });

    it("releases a claim whose tick died before its run started, to exactly one later tick", async () => {
      const store = await open();
      try {
        const claim = { asset: "clean/a", partition: "2024-01-10", trigger: "catch-up" as const, slot: "missing", attempt: 0, tickId: "killed", claimedAt: at(0), host: hostname(), pid: deadPid() };
        expect(await store.claimLaunch(claim)).toBe(true);
        const later = { ...claim, ...here, claimedAt: at(1) };
        const results = await Promise.all([store.claimLaunch({ ...later, tickId: "t2" }), store.claimLaunch({ ...later, tickId: "t3" }), store.claimLaunch({ ...later, tickId: "t4" })]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.attempts("clean/a", "2024-01-10", "catch-up", "missing")).toBe(1);
        // On another host a claim lives by its lease: one minute from its claim.
        const remote = { ...claim, partition: "2024-01-11", tickId: "remote", host: "elsewhere.invalid", pid: 1 };
        expect(await store.claimLaunch(remote)).toBe(true);
        expect(await store.claimLaunch({ ...remote, ...here, tickId: "t5", claimedAt: new Date(at(0).getTime() + 30_000) })).toBe(false);
        expect(await store.claimLaunch({ ...remote, ...here, tickId: "t5", claimedAt: at(2) })).toBe(true);
      } finally {
        await store.close();
      }
    });

    it("never releases a claim whose run started: a run that died is the retry policy's", async () => {
      const store = await open();
      try {
        const pid = deadPid();
        const claim = { asset: "clean/a", partition: "2024-01-10", trigger: "catch-up" as const, slot: "missing", attempt: 0, tickId: "killed", claimedAt: at(0), host: hostname(), pid };
        expect(await store.claimLaunch(claim)).toBe(true);
        await store.createRun({ id: "r-killed", selection: "scheduler", trigger: "catch-up", startedAt: at(0), pid, host: hostname() });
        await store.startLaunches("killed", "r-killed");
        expect(await store.claimLaunch({ ...claim, ...here, tickId: "t2", claimedAt: at(1) })).toBe(false);
        expect(await store.claimLaunch({ ...claim, ...here, trigger: "retry", slot: "after:1", attempt: 1, tickId: "t2", claimedAt: at(1) })).toBe(true);
      } finally {
        await store.close();
      }
    });

    it("keeps decisions newest first, and the cursor moving only forward", async () => {
      const store = await open();
      try {
        const decision = { tickId: "t1", asset: "clean/a", partition: "2024-04-01", decidedAt: at(0), action: "launch" as const, trigger: "catch-up" as const, reason: "missing" };
        await store.recordDecisions([decision, { ...decision, partition: "2024-04-02", action: "deferred", reason: "limit" }]);
        expect((await store.decisions("clean/a")).map((d) => [d.partition, d.action, d.reason])).toEqual([["2024-04-02", "deferred", "limit"], ["2024-04-01", "launch", "missing"]]);
        expect(await store.decisions("clean/a", { partition: "2024-04-01" })).toEqual([decision]);
        expect(await store.schedulerCursor()).toBeUndefined();
        await store.advanceSchedulerCursor(at(10));
        await store.advanceSchedulerCursor(at(5));
        expect(await store.schedulerCursor()).toEqual(at(10));
      } finally {
        await store.close();
      }
    });

    it("summarises publishes per asset and finds publishes, failures and running work by time", async () => {
      const store = await open();
      try {
        await store.createRun({ id: "r1", selection: "*", trigger: "schedule", startedAt: at(0), pid: 1, host: "h" });
        await materialise(store, "r1", "clean/a", "2024-04-01", 1, "published");
        await materialise(store, "r1", "clean/a", "2024-04-02", 2, "published");
        await materialise(store, "r1", "clean/a", "2024-04-01", 3, "published");
        const failed = await materialise(store, "r1", "clean/b", "", 4, "failed");
        const running = await store.startMaterialisation({ runId: "r1", asset: "clean/c", partition: "", version: "v-c", fingerprint: "f", startedAt: at(5) });
        expect(await store.publishedSummaries()).toEqual(new Map([["clean/a", { partitions: 2, lastPublishedAt: at(3) }]]));
        expect((await store.publishedBetween(at(2), at(3))).map((v) => [v.partition, v.publishedAt])).toEqual([["2024-04-02", at(2)], ["2024-04-01", at(3)]]);
        expect((await store.failedBetween(at(3), at(4))).map((m) => m.id)).toEqual([failed.id]);
        expect((await store.failedBetween(at(4), at(9)))).toEqual([]);
        expect((await store.runningMaterialisations()).map((m) => m.id)).toEqual([running.id]);
      } finally {
        await store.close();
      }
    });

    it("prunes old history but keeps published versions", async () => {
      const store = await open();
      try {
        await store.createRun({ id: "old", selection: "*", trigger: "manual", startedAt: at(0), pid: 1, host: "h" });
        await materialise(store, "old", "clean/a", "", 1, "published");
        await materialise(store, "old", "clean/a", "", 2, "published");
        await materialise(store, "old", "clean/a", "", 3, "failed");
        await store.finishRun("old", "partial", at(4), {});
        await store.recordDecisions([{ tickId: "t", asset: "clean/a", partition: "", decidedAt: at(1), action: "launch", trigger: "manual", reason: "r" }]);
        const pruned = await store.pruneHistory(at(30));
        expect(pruned).toEqual({ runs: 0, materialisations: 2, decisions: 1, files: expect.arrayContaining(["clean/a//1.parquet", "clean/a/failed-3.parquet"]) as unknown as string[] });
        expect((await store.publishedVersions("clean/a")).map((v) => v.version)).toEqual(["v-clean/a--2"]);
        expect((await store.materialisationHistory("clean/a")).map((m) => m.status)).toEqual(["published"]);
      } finally {
        await store.close();
      }
    });

    it("lists the files every materialisation records, for gc to tell orphans from them", async () => {
      const store = await open();
      try {
        await store.createRun({ id: "files", selection: "*", trigger: "manual", startedAt: at(0), pid: 1, host: "h" });
        await materialise(store, "files", "clean/b", "", 1, "published");
        await materialise(store, "files", "clean/b", "", 2, "failed");
        await store.startMaterialisation({ runId: "files", asset: "clean/b", partition: "", version: "v-running", fingerprint: "f", startedAt: at(3) });
        expect(await store.recordedFiles()).toEqual(["clean/b//1.parquet", "clean/b/failed-2.parquet"]);
      } finally {
        await store.close();
      }
    });
  });
}
