import type { AlertLevel } from "../../alerts/alert.ts";
import type { DecisionRecord, LaunchClaim, PublishedSummary } from "../../scheduler/scheduler-store.ts";
import type { MaterialisationRecord, PublishedVersion, RunTrigger } from "../records.ts";
import { toMaterialisationRecord, toPublishedVersion, type MaterialisationRow } from "./row-mappers.ts";
import type { SqliteConnection } from "./sqlite-connection.ts";

interface DecisionRow {
  tick_id: string;
  asset: string;
  partition_key: string;
  decided_at: number;
  action: DecisionRecord["action"];
  run_trigger: string;
  reason: string;
}

/** The scheduler's queries on SQLite; the state store's methods delegate here. */
export const schedulerQueries = {
  claimLaunch(db: SqliteConnection, claim: LaunchClaim): boolean {
    return db.write(
      () =>
        db.run(
          `INSERT INTO launches (asset, partition_key, run_trigger, slot, attempt, tick_id, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          claim.asset, claim.partition, claim.trigger, claim.slot, claim.attempt, claim.tickId, claim.claimedAt.getTime(),
        ).changes === 1,
    );
  },

  recordDecisions(db: SqliteConnection, decisions: readonly DecisionRecord[]): void {
    db.write(() => {
      for (const d of decisions) {
        db.run(
          `INSERT INTO decisions (tick_id, asset, partition_key, decided_at, action, run_trigger, reason) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          d.tickId, d.asset, d.partition, d.decidedAt.getTime(), d.action, d.trigger, d.reason,
        );
      }
    });
  },

  decisions(db: SqliteConnection, asset: string, partition: string | undefined, limit: number): DecisionRecord[] {
    const rows =
      partition === undefined
        ? db.all<DecisionRow>(`SELECT * FROM decisions WHERE asset = ? ORDER BY id DESC LIMIT ?`, asset, limit)
        : db.all<DecisionRow>(`SELECT * FROM decisions WHERE asset = ? AND partition_key = ? ORDER BY id DESC LIMIT ?`, asset, partition, limit);
    return rows.map((r) => ({ tickId: r.tick_id, asset: r.asset, partition: r.partition_key, decidedAt: new Date(r.decided_at), action: r.action, trigger: r.run_trigger as RunTrigger, reason: r.reason }));
  },

  schedulerCursor(db: SqliteConnection): Date | undefined {
    const row = db.get<{ at: number }>(`SELECT at FROM scheduler_cursor WHERE name = 'tick'`);
    return row === undefined ? undefined : new Date(row.at);
  },

  advanceSchedulerCursor(db: SqliteConnection, to: Date): void {
    db.write(() => db.run(`INSERT INTO scheduler_cursor (name, at) VALUES ('tick', ?) ON CONFLICT (name) DO UPDATE SET at = max(at, excluded.at)`, to.getTime()));
  },

  publishedSummaries(db: SqliteConnection): Map<string, PublishedSummary> {
    const rows = db.all<{ asset: string; published_partitions: number; last_published_at: number }>(`SELECT * FROM published_summary`);
    return new Map(rows.map((r) => [r.asset, { partitions: r.published_partitions, lastPublishedAt: new Date(r.last_published_at) }]));
  },

  publishedBetween(db: SqliteConnection, since: Date, until: Date): PublishedVersion[] {
    return db
      .all<MaterialisationRow>(`SELECT * FROM materialisations WHERE published_at >= ? AND published_at <= ? ORDER BY published_at`, since.getTime(), until.getTime())
      .map(toPublishedVersion);
  },

  failedBetween(db: SqliteConnection, since: Date, until: Date): MaterialisationRecord[] {
    return db.all<MaterialisationRow>(`SELECT * FROM materialisations WHERE status = 'failed' AND finished_at > ? AND finished_at <= ? ORDER BY id`, since.getTime(), until.getTime()).map(toMaterialisationRecord);
  },

  attempts(db: SqliteConnection, asset: string, partition: string, trigger: string, slot: string): number {
    return db.get<{ n: number }>(`SELECT count(*) AS n FROM launches WHERE asset = ? AND partition_key = ? AND run_trigger = ? AND slot = ?`, asset, partition, trigger, slot)?.n ?? 0;
  },

  runningMaterialisations(db: SqliteConnection): MaterialisationRecord[] {
    return db.all<MaterialisationRow>(`SELECT * FROM materialisations WHERE status = 'running' ORDER BY id`).map(toMaterialisationRecord);
  },

  alertLevels(db: SqliteConnection): Map<string, AlertLevel> {
    return new Map(db.all<{ alert_id: string; level: AlertLevel }>(`SELECT alert_id, level FROM alert_levels`).map((r) => [r.alert_id, r.level]));
  },

  setAlertLevels(db: SqliteConnection, levels: ReadonlyMap<string, AlertLevel>, at: Date): void {
    db.write(() => {
      for (const [id, level] of levels) {
        db.run(`INSERT INTO alert_levels (alert_id, level, changed_at) VALUES (?, ?, ?) ON CONFLICT (alert_id) DO UPDATE SET level = excluded.level, changed_at = excluded.changed_at WHERE level <> excluded.level`, id, level, at.getTime());
      }
    });
  },

  pruneHistory(db: SqliteConnection, before: Date): { runs: number; materialisations: number; decisions: number; files: string[] } {
    const cutoff = before.getTime();
    return db.write(() => {
      const old = `SELECT id FROM materialisations WHERE status NOT IN ('published', 'running') AND coalesce(finished_at, started_at) < ?`;
      const files = db.all<{ files: string }>(`SELECT files FROM materialisations WHERE id IN (${old})`, cutoff).flatMap((r) => JSON.parse(r.files) as string[]);
      db.run(`DELETE FROM check_results WHERE materialisation_id IN (${old})`, cutoff);
      db.run(`DELETE FROM profiles WHERE materialisation_id IN (${old})`, cutoff);
      const materialisations = db.run(`DELETE FROM materialisations WHERE id IN (${old})`, cutoff).changes;
      const runs = db.run(`DELETE FROM runs WHERE status <> 'running' AND coalesce(finished_at, started_at) < ? AND NOT EXISTS (SELECT 1 FROM materialisations m WHERE m.run_id = runs.id)`, cutoff).changes;
      const decisions = db.run(`DELETE FROM decisions WHERE decided_at < ?`, cutoff).changes;
      db.run(`DELETE FROM launches WHERE claimed_at < ?`, cutoff);
      return { runs, materialisations, decisions, files };
    });
  },
};
