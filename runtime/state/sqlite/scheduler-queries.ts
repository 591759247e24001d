import type { AlertLevel } from "../records.ts";
import type { DecisionRecord, LaunchClaim, PublishedSummary } from "../scheduler-store.ts";
import type { MaterialisationRecord, PublishedVersion, RunTrigger } from "../records.ts";
import { isClaimInFlight, isClaimStranded, type ClaimHolder } from "../claim-holder.ts";
import { toMaterialisationRecord, toPublishedVersion, toRunRecord, type MaterialisationRow, type RunRow } from "./row-mappers.ts";
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

/** The tick holding claims, with the run it started (if any). */
function claimHolder(db: SqliteConnection, tickId: string): ClaimHolder | undefined {
  const row = db.get<{ tick_id: string; host: string; pid: number; claimed_at: number; run_id: string | null; finished_at: number | null }>(`SELECT * FROM scheduler_ticks WHERE tick_id = ?`, tickId);
  if (row === undefined) return undefined;
  const run = row.run_id === null ? undefined : db.get<RunRow>(`SELECT * FROM runs WHERE id = ?`, row.run_id);
  return { tickId: row.tick_id, host: row.host, pid: row.pid, claimedAt: new Date(row.claimed_at), started: row.run_id !== null, run: run === undefined ? undefined : toRunRecord(run), finished: row.finished_at !== null };
}

/** The scheduler's queries on SQLite; the state store's methods delegate here. */
export const schedulerQueries = {
  /** See `LaunchClaim`: in one write transaction, so claims on the same launch are serialised. */
  claimLaunch(db: SqliteConnection, claim: LaunchClaim): boolean {
    return db.write(() => {
      const at = claim.claimedAt.getTime();
      db.run(`INSERT INTO scheduler_ticks (tick_id, host, pid, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, claim.tickId, claim.host, claim.pid, at);
      const others = db.all<{ tick_id: string }>(
        `SELECT DISTINCT t.tick_id FROM launches l JOIN scheduler_ticks t ON t.tick_id = l.tick_id
         WHERE l.asset = ? AND l.partition_key = ? AND l.tick_id <> ? AND (t.finished_at IS NULL OR l.claimed_at >= ?)`,
        claim.asset, claim.partition, claim.tickId, at,
      );
      for (const other of others) {
        const holder = claimHolder(db, other.tick_id);
        if (holder !== undefined && !isClaimStranded(holder, claim.claimedAt) && (isClaimInFlight(holder, claim.claimedAt) || holder.claimedAt.getTime() >= at)) return false;
      }
      const key = [claim.asset, claim.partition, claim.trigger, claim.slot, claim.attempt] as const;
      const existing = db.get<{ tick_id: string }>(`SELECT tick_id FROM launches WHERE asset = ? AND partition_key = ? AND run_trigger = ? AND slot = ? AND attempt = ?`, ...key);
      if (existing === undefined) return db.run(`INSERT INTO launches (asset, partition_key, run_trigger, slot, attempt, tick_id, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, ...key, claim.tickId, at).changes === 1;
      if (existing.tick_id === claim.tickId) return false;
      const holder = claimHolder(db, existing.tick_id);
      if (holder !== undefined && !isClaimStranded(holder, claim.claimedAt)) return false;
      return db.run(`UPDATE launches SET tick_id = ?, claimed_at = ? WHERE asset = ? AND partition_key = ? AND run_trigger = ? AND slot = ? AND attempt = ? AND tick_id = ?`, claim.tickId, at, ...key, existing.tick_id).changes === 1;
    });
  },

  startLaunches(db: SqliteConnection, tickId: string, runId: string): void {
    db.write(() => db.run(`UPDATE scheduler_ticks SET run_id = ? WHERE tick_id = ?`, runId, tickId));
  },

  finishLaunches(db: SqliteConnection, tickId: string, at: Date): void {
    db.write(() => db.run(`UPDATE scheduler_ticks SET finished_at = ? WHERE tick_id = ?`, at.getTime(), tickId));
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

  waitingMaterialisations(db: SqliteConnection): MaterialisationRecord[] {
    return db
      .all<MaterialisationRow>(
        `SELECT * FROM materialisations m WHERE status = 'waiting'
         AND NOT EXISTS (SELECT 1 FROM materialisations n WHERE n.asset = m.asset AND n.partition_key = m.partition_key AND n.id > m.id)
         ORDER BY asset, partition_key`,
      )
      .map(toMaterialisationRecord);
  },

  blockedOrSkippedMaterialisations(db: SqliteConnection): MaterialisationRecord[] {
    return db
      .all<MaterialisationRow>(
        `SELECT * FROM materialisations m WHERE status IN ('blocked', 'skipped')
         AND NOT EXISTS (SELECT 1 FROM materialisations n WHERE n.asset = m.asset AND n.partition_key = m.partition_key AND n.id > m.id)
         AND NOT EXISTS (SELECT 1 FROM published p WHERE p.asset = m.asset AND p.partition_key = m.partition_key)
         ORDER BY asset, partition_key`,
      )
      .map(toMaterialisationRecord);
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

  recordedFiles(db: SqliteConnection): string[] {
    return db.all<{ file: string }>(`SELECT DISTINCT j.value AS file FROM materialisations m, json_each(m.files) j ORDER BY 1`).map((r) => r.file);
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
      db.run(`DELETE FROM scheduler_ticks WHERE claimed_at < ? AND NOT EXISTS (SELECT 1 FROM launches l WHERE l.tick_id = scheduler_ticks.tick_id)`, cutoff);
      return { runs, materialisations, decisions, files };
    });
  },
};
