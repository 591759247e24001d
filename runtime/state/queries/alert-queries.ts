import type { AlertStore } from "../alert-store.ts";
import type { AlertLevel } from "../records.ts";
import { chunks } from "./chunks.ts";
import type { StateSql } from "./state-sql.ts";

/** {@link AlertStore} over the query layer. */
export function alertQueries(s: StateSql): AlertStore {
  return {
    async alertLevels(): Promise<Map<string, AlertLevel>> {
      const rows = await s.rows(s.db.selectFrom("alert_levels").select(["alert_id", "level"]));
      return new Map(rows.map((r) => [r.alert_id, r.level as AlertLevel]));
    },

    /** Only levels that changed get a new `changed_at`. */
    async setAlertLevels(levels: ReadonlyMap<string, AlertLevel>, at: Date): Promise<void> {
      if (levels.size === 0) return;
      const changedAt = at.getTime();
      const rows = [...levels].map(([alertId, level]) => ({ alert_id: alertId, level, changed_at: changedAt }));
      await s.write(async (tx) => {
        for (const chunk of chunks(rows)) {
          await tx.run(
            s.db
              .insertInto("alert_levels")
              .values(chunk)
              .onConflict((oc) =>
                oc
                  .column("alert_id")
                  .doUpdateSet((eb) => ({ level: eb.ref("excluded.level"), changed_at: eb.ref("excluded.changed_at") }))
                  .whereRef("alert_levels.level", "<>", "excluded.level"),
              ),
          );
        }
      });
    },
  };
}
