import { sql } from "kysely";
import type { SchedulerLedger } from "../scheduler-ledger.ts";
import { byCodePoint } from "./row-mappers.ts";
import type { StateSql } from "./state-sql.ts";

/** Pruning and the recorded files, of {@link SchedulerLedger}, over the query layer (for `lakeform gc`). */
export function historyQueries(s: StateSql): Pick<SchedulerLedger, "pruneHistory" | "recordedFiles"> {
  return {
    async pruneHistory(before: Date): Promise<{ runs: number; materialisations: number; decisions: number; files: string[] }> {
      const cutoff = before.getTime();
      const finishedBefore = sql<boolean>`coalesce(finished_at, started_at) < ${cutoff}`;
      const old = s.db.selectFrom("materialisations").select("id").where("status", "not in", ["published", "running"]).where(finishedBefore);
      return s.write(async (tx) => {
        const files = (await tx.rows(s.db.selectFrom("materialisations").select("files").where("id", "in", old))).flatMap((r) => (typeof r.files === "string" ? (JSON.parse(r.files) as string[]) : r.files));
        await tx.run(s.db.deleteFrom("check_results").where("materialisation_id", "in", old));
        await tx.run(s.db.deleteFrom("profiles").where("materialisation_id", "in", old));
        const materialisations = await tx.run(s.db.deleteFrom("materialisations").where("id", "in", old));
        const runs = await tx.run(
          s.db
            .deleteFrom("runs")
            .where("status", "<>", "running")
            .where(finishedBefore)
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom("materialisations as m").select("m.id").whereRef("m.run_id", "=", "runs.id")))),
        );
        const decisions = await tx.run(s.db.deleteFrom("decisions").where("decided_at", "<", cutoff));
        await tx.run(s.db.deleteFrom("launches").where("claimed_at", "<", cutoff));
        await tx.run(
          s.db
            .deleteFrom("scheduler_ticks")
            .where("claimed_at", "<", cutoff)
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom("launches as l").select("l.tick_id").whereRef("l.tick_id", "=", "scheduler_ticks.tick_id")))),
        );
        return { runs, materialisations, decisions, files };
      });
    },

    /** Every file some materialisation lists, once each, in code-point order. */
    async recordedFiles(): Promise<string[]> {
      const files = new Set<string>();
      for (const row of await s.rows(s.db.selectFrom("materialisations").select("files"))) {
        for (const file of typeof row.files === "string" ? (JSON.parse(row.files) as string[]) : row.files) files.add(file);
      }
      return [...files].sort(byCodePoint);
    },
  };
}
