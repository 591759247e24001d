import { isClaimInFlight, isClaimStranded, type ClaimHolder } from "../claim-holder.ts";
import type { LaunchClaim, SchedulerLedger } from "../scheduler-ledger.ts";
import { findRun } from "./run-queries.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { SqlExecutor, StateSql } from "./state-sql.ts";

type LaunchKey = { asset: string; partition: string; trigger: string; slot: string; attempt: number };

const tickById = preparedQuery((s, v: { tickId: string }) => s.db.selectFrom("scheduler_ticks").selectAll().where("tick_id", "=", v.tickId));
const insertTick = preparedQuery((s, v: { tickId: string; host: string; pid: number; at: number }) =>
  s.db.insertInto("scheduler_ticks").values({ tick_id: v.tickId, host: v.host, pid: v.pid, claimed_at: v.at }).onConflict((oc) => oc.doNothing()),
);
/** Other ticks with claims on the (asset, partition) that may refuse this one: unfinished, or claimed at or after it. */
const otherHolders = preparedQuery((s, v: { asset: string; partition: string; tickId: string; at: number }) =>
  s.db
    .selectFrom("launches as l")
    .innerJoin("scheduler_ticks as t", "t.tick_id", "l.tick_id")
    .select("t.tick_id")
    .distinct()
    .where("l.asset", "=", v.asset)
    .where("l.partition_key", "=", v.partition)
    .where("l.tick_id", "<>", v.tickId)
    .where((eb) => eb.or([eb("t.finished_at", "is", null), eb("l.claimed_at", ">=", v.at)])),
);
const launchHolder = preparedQuery((s, v: LaunchKey) =>
  s.db.selectFrom("launches").select("tick_id").where("asset", "=", v.asset).where("partition_key", "=", v.partition).where("run_trigger", "=", v.trigger).where("slot", "=", v.slot).where("attempt", "=", v.attempt),
);
const insertLaunch = preparedQuery((s, v: LaunchKey & { tickId: string; at: number }) =>
  s.db
    .insertInto("launches")
    .values({ asset: v.asset, partition_key: v.partition, run_trigger: v.trigger, slot: v.slot, attempt: v.attempt, tick_id: v.tickId, claimed_at: v.at })
    .onConflict((oc) => oc.doNothing()),
);
const takeOverLaunch = preparedQuery((s, v: LaunchKey & { tickId: string; at: number; holder: string }) =>
  s.db
    .updateTable("launches")
    .set({ tick_id: v.tickId, claimed_at: v.at })
    .where("asset", "=", v.asset)
    .where("partition_key", "=", v.partition)
    .where("run_trigger", "=", v.trigger)
    .where("slot", "=", v.slot)
    .where("attempt", "=", v.attempt)
    .where("tick_id", "=", v.holder),
);
const startTick = preparedQuery((s, v: { tickId: string; runId: string }) => s.db.updateTable("scheduler_ticks").set({ run_id: v.runId }).where("tick_id", "=", v.tickId));
const finishTick = preparedQuery((s, v: { tickId: string; at: number }) => s.db.updateTable("scheduler_ticks").set({ finished_at: v.at }).where("tick_id", "=", v.tickId));

/** The tick holding claims, with the run it started (if any). */
async function claimHolder(s: StateSql, tx: SqlExecutor, tickId: string): Promise<ClaimHolder | undefined> {
  const row = await tx.first(tickById(s, { tickId }));
  if (row === undefined) return undefined;
  const run = row.run_id === null ? undefined : await findRun(s, tx, row.run_id);
  return { tickId: row.tick_id, host: row.host, pid: row.pid, claimedAt: new Date(row.claimed_at), started: row.run_id !== null, run, finished: row.finished_at !== null };
}

/** The claims of {@link SchedulerLedger} over the query layer (see `LaunchClaim` for the rules). */
export function claimQueries(s: StateSql): Pick<SchedulerLedger, "claimLaunch" | "startLaunches" | "finishLaunches" | "attempts"> {
  return {
    /**
     * In one write transaction, after `lockPartition` (PostgreSQL: a transaction-scoped advisory
     * lock on the (asset, partition); SQLite: its write transaction), so claims on the same
     * partition are serialised across processes.
     */
    async claimLaunch(claim: LaunchClaim): Promise<boolean> {
      return s.write(async (tx) => {
        const at = claim.claimedAt.getTime();
        await s.lockPartition(tx, claim.asset, claim.partition);
        await tx.run(insertTick(s, { tickId: claim.tickId, host: claim.host, pid: claim.pid, at }));
        const others = await tx.rows(otherHolders(s, { asset: claim.asset, partition: claim.partition, tickId: claim.tickId, at }));
        for (const other of others) {
          const holder = await claimHolder(s, tx, other.tick_id);
          if (holder !== undefined && !isClaimStranded(holder, claim.claimedAt) && (isClaimInFlight(holder, claim.claimedAt) || holder.claimedAt.getTime() >= at)) return false;
        }
        const key = { asset: claim.asset, partition: claim.partition, trigger: claim.trigger, slot: claim.slot, attempt: claim.attempt };
        const existing = await tx.first(launchHolder(s, key));
        if (existing === undefined) return (await tx.run(insertLaunch(s, { ...key, tickId: claim.tickId, at }))) === 1;
        if (existing.tick_id === claim.tickId) return false;
        const holder = await claimHolder(s, tx, existing.tick_id);
        if (holder !== undefined && !isClaimStranded(holder, claim.claimedAt)) return false;
        const takenOver = await tx.run(takeOverLaunch(s, { ...key, tickId: claim.tickId, at, holder: existing.tick_id }));
        return takenOver === 1;
      });
    },

    async startLaunches(tickId: string, runId: string): Promise<void> {
      await s.run(startTick(s, { tickId, runId }));
    },

    async finishLaunches(tickId: string, at: Date): Promise<void> {
      await s.run(finishTick(s, { tickId, at: at.getTime() }));
    },

    async attempts(asset: string, partition: string, trigger: string, slot: string): Promise<number> {
      const row = await s.first(
        s.db.selectFrom("launches").select((eb) => eb.fn.countAll().as("n")).where("asset", "=", asset).where("partition_key", "=", partition).where("run_trigger", "=", trigger).where("slot", "=", slot),
      );
      return Number(row?.n ?? 0);
    },
  };
}
