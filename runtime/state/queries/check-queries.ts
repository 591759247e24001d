import type { CheckStore } from "../check-store.ts";
import type { CheckResultRecord, ProfileRecord } from "../records.ts";
import { isStoredId, toCount, toMillis } from "../stored-values.ts";
import { toCheckResultRecord, toProfileRecord } from "./row-mappers.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { StateSql } from "./state-sql.ts";

/** One check's result for a materialisation; recording it again replaces it. Built once per dialect: every check of every partition records one. */
const upsertCheckResult = preparedQuery(
  (
    s,
    v: { materialisationId: number; asset: string; partition: string; check: string; kind: string; severity: string; blocking: boolean; status: string; message: string; metrics: string; failingSample: string; evaluatedAt: number },
  ) =>
    s.db
      .insertInto("check_results")
      .values({
        materialisation_id: v.materialisationId,
        asset: v.asset,
        partition_key: v.partition,
        check_name: v.check,
        kind: v.kind,
        severity: v.severity,
        blocking: v.blocking,
        status: v.status,
        message: v.message,
        metrics: v.metrics,
        failing_sample: v.failingSample,
        evaluated_at: v.evaluatedAt,
      })
      .onConflict((oc) =>
        oc.columns(["materialisation_id", "check_name"]).doUpdateSet((eb) => ({
          asset: eb.ref("excluded.asset"),
          partition_key: eb.ref("excluded.partition_key"),
          kind: eb.ref("excluded.kind"),
          severity: eb.ref("excluded.severity"),
          blocking: eb.ref("excluded.blocking"),
          status: eb.ref("excluded.status"),
          message: eb.ref("excluded.message"),
          metrics: eb.ref("excluded.metrics"),
          failing_sample: eb.ref("excluded.failing_sample"),
          evaluated_at: eb.ref("excluded.evaluated_at"),
        })),
      ),
);

/** A materialisation's profile; recording it again replaces it. */
const upsertProfile = preparedQuery((s, v: { materialisationId: number; asset: string; partition: string; rows: number; columns: string; profiledAt: number }) =>
  s.db
    .insertInto("profiles")
    .values({ materialisation_id: v.materialisationId, asset: v.asset, partition_key: v.partition, row_count: v.rows, column_profiles: v.columns, profiled_at: v.profiledAt })
    .onConflict((oc) =>
      oc.column("materialisation_id").doUpdateSet((eb) => ({
        asset: eb.ref("excluded.asset"),
        partition_key: eb.ref("excluded.partition_key"),
        row_count: eb.ref("excluded.row_count"),
        column_profiles: eb.ref("excluded.column_profiles"),
        profiled_at: eb.ref("excluded.profiled_at"),
      })),
    ),
);

/** {@link CheckStore} over the query layer. */
export function checkQueries(s: StateSql): CheckStore {
  return {
    async recordCheckResults(results: readonly CheckResultRecord[]): Promise<void> {
      const rows = results.map((r) => ({ ...r, evaluatedAt: toMillis(r.evaluatedAt, `Asset "${r.asset}": check "${r.check}" evaluatedAt`) }));
      if (rows.length === 0) return;
      await s.write(async (tx) => {
        for (const r of rows) {
          await tx.run(
            upsertCheckResult(s, {
              materialisationId: r.materialisationId,
              asset: r.asset,
              partition: r.partition,
              check: r.check,
              kind: r.kind,
              severity: r.severity,
              blocking: r.blocking,
              status: r.status,
              message: s.storedText(r.message),
              metrics: JSON.stringify(r.metrics),
              failingSample: JSON.stringify(r.failingSample),
              evaluatedAt: r.evaluatedAt,
            }),
          );
        }
      });
    },

    /** Results in the order they were first recorded; recording a check again for the same materialisation replaces it. */
    async checkResults(asset: string, options: { readonly materialisationId?: number; readonly partition?: string } = {}): Promise<CheckResultRecord[]> {
      const { materialisationId, partition } = options;
      if (materialisationId !== undefined && !isStoredId(materialisationId)) return [];
      let newest = s.db.selectFrom("check_results").select((eb) => eb.fn.max("materialisation_id").as("newest")).where("asset", "=", asset);
      let query = s.db.selectFrom("check_results").selectAll().where("asset", "=", asset).orderBy("id");
      if (partition !== undefined) {
        newest = newest.where("partition_key", "=", partition);
        query = query.where("partition_key", "=", partition);
      }
      query = query.where("materialisation_id", "=", materialisationId ?? newest);
      return (await s.rows(query)).map(toCheckResultRecord);
    },

    /** Recording a profile again for the same materialisation replaces it. */
    async recordProfile(profile: ProfileRecord): Promise<void> {
      const profiledAt = toMillis(profile.profiledAt, `Asset "${profile.asset}": profiledAt`);
      const rows = toCount(profile.rows, `Asset "${profile.asset}": profile rows`);
      await s.run(upsertProfile(s, { materialisationId: profile.materialisationId, asset: profile.asset, partition: profile.partition, rows, columns: JSON.stringify(profile.columns), profiledAt }));
    },

    /** The profile of the newest profiled materialisation of `asset` (of `partition`, when given). */
    async latestProfile(asset: string, partition?: string): Promise<ProfileRecord | undefined> {
      let query = s.db.selectFrom("profiles").selectAll().where("asset", "=", asset).orderBy("materialisation_id", "desc").limit(1);
      if (partition !== undefined) query = query.where("partition_key", "=", partition);
      const row = await s.first(query);
      return row === undefined ? undefined : toProfileRecord(row);
    },
  };
}
