import type { MaterialisationRecord, PublishedVersion, RunTrigger } from "../records.ts";
import type { DecisionRecord, PublishedSummary, SchedulerLedger } from "../scheduler-ledger.ts";
import { chunks } from "./chunks.ts";
import { toMaterialisationRecord, toPublishedVersion } from "./row-mappers.ts";
import type { StateSql } from "./state-sql.ts";

type SchedulerReads = Omit<SchedulerLedger, "claimLaunch" | "startLaunches" | "finishLaunches" | "attempts" | "pruneHistory" | "recordedFiles">;

/** What a tick records and loads, of {@link SchedulerLedger}, over the query layer. */
export function schedulerQueries(s: StateSql): SchedulerReads {
  /** The newest materialisation of each (asset, partition), when its status is one of `statuses`. */
  const newestWithStatus = (statuses: readonly string[]) =>
    s.db
      .selectFrom("materialisations as m")
      .selectAll("m")
      .where("m.status", "in", statuses)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("materialisations as n").select("n.id").whereRef("n.asset", "=", "m.asset").whereRef("n.partition_key", "=", "m.partition_key").whereRef("n.id", ">", "m.id"))),
      )
      .orderBy("m.asset")
      .orderBy("m.partition_key");

  return {
    async recordDecisions(decisions: readonly DecisionRecord[]): Promise<void> {
      if (decisions.length === 0) return;
      const rows = decisions.map((d) => ({ tick_id: d.tickId, asset: d.asset, partition_key: d.partition, decided_at: d.decidedAt.getTime(), action: d.action, run_trigger: d.trigger, reason: d.reason }));
      await s.write(async (tx) => {
        for (const chunk of chunks(rows)) await tx.run(s.db.insertInto("decisions").values(chunk));
      });
    },

    async decisions(asset: string, options: { readonly partition?: string; readonly limit?: number } = {}): Promise<DecisionRecord[]> {
      let query = s.db.selectFrom("decisions").selectAll().where("asset", "=", asset).orderBy("id", "desc").limit(options.limit ?? 20);
      if (options.partition !== undefined) query = query.where("partition_key", "=", options.partition);
      return (await s.rows(query)).map((r) => ({
        tickId: r.tick_id,
        asset: r.asset,
        partition: r.partition_key,
        decidedAt: new Date(r.decided_at),
        action: r.action as DecisionRecord["action"],
        trigger: r.run_trigger as RunTrigger,
        reason: r.reason,
      }));
    },

    async schedulerCursor(): Promise<Date | undefined> {
      const row = await s.first(s.db.selectFrom("scheduler_cursor").select("at").where("name", "=", "tick"));
      return row === undefined ? undefined : new Date(row.at);
    },

    async advanceSchedulerCursor(to: Date): Promise<void> {
      await s.run(
        s.db
          .insertInto("scheduler_cursor")
          .values({ name: "tick", at: to.getTime() })
          .onConflict((oc) => oc.column("name").doUpdateSet((eb) => ({ at: eb.ref("excluded.at") })).whereRef("excluded.at", ">", "scheduler_cursor.at")),
      );
    },

    async publishedSummaries(): Promise<Map<string, PublishedSummary>> {
      const rows = await s.rows(s.db.selectFrom("published_summary").selectAll());
      return new Map(rows.map((r) => [r.asset, { partitions: Number(r.published_partitions), lastPublishedAt: new Date(r.last_published_at) }]));
    },

    async publishedBetween(since: Date, until: Date): Promise<PublishedVersion[]> {
      const rows = await s.rows(s.db.selectFrom("materialisations").selectAll().where("published_at", ">=", since.getTime()).where("published_at", "<=", until.getTime()).orderBy("published_at"));
      return rows.map(toPublishedVersion);
    },

    async failedBetween(since: Date, until: Date): Promise<MaterialisationRecord[]> {
      const rows = await s.rows(
        s.db.selectFrom("materialisations").selectAll().where("status", "=", "failed").where("finished_at", ">", since.getTime()).where("finished_at", "<=", until.getTime()).orderBy("id"),
      );
      return rows.map(toMaterialisationRecord);
    },

    async waitingMaterialisations(): Promise<MaterialisationRecord[]> {
      return (await s.rows(newestWithStatus(["waiting"]))).map(toMaterialisationRecord);
    },

    async blockedOrSkippedMaterialisations(): Promise<MaterialisationRecord[]> {
      const query = newestWithStatus(["blocked", "skipped"]).where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("published as p").select("p.asset").whereRef("p.asset", "=", "m.asset").whereRef("p.partition_key", "=", "m.partition_key"))),
      );
      return (await s.rows(query)).map(toMaterialisationRecord);
    },

    async runningMaterialisations(): Promise<MaterialisationRecord[]> {
      return (await s.rows(s.db.selectFrom("materialisations").selectAll().where("status", "=", "running").orderBy("id"))).map(toMaterialisationRecord);
    },
  };
}
