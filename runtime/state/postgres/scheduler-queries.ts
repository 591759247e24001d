import type { AlertLevel } from "../records.ts";
import type { DecisionRecord, LaunchClaim, PublishedSummary } from "../scheduler-store.ts";
import type { MaterialisationRecord, PublishedVersion, RunTrigger } from "../records.ts";
import type { PostgresConnection, SqlRunner } from "./postgres-connection.ts";
import { isClaimInFlight, isClaimStranded, type ClaimHolder } from "../claim-holder.ts";
import { toMaterialisationRecord, toPublishedVersion, toRunRecord, type MaterialisationRow, type RunRow } from "./row-mappers.ts";

interface DecisionRow {
  tick_id: string;
  asset: string;
  partition_key: string;
  decided_at: number;
  action: DecisionRecord["action"];
  run_trigger: string;
  reason: string;
}

/**
 * Keeps `published_summary` in step inside `publish`: `replaced` is how many versions the
 * publish superseded (0 when the partition is new).
 */
export async function updatePublishedSummary(tx: SqlRunner, asset: string, publishedAt: number, replaced: number): Promise<void> {
  await tx.run(
    `INSERT INTO published_summary (asset, published_partitions, last_published_at) VALUES ($1, 1, $2)
     ON CONFLICT (asset) DO UPDATE SET published_partitions = published_summary.published_partitions + $3,
       last_published_at = greatest(published_summary.last_published_at, excluded.last_published_at)`,
    [asset, publishedAt, replaced === 0 ? 1 : 0],
  );
}

/** The tick holding claims, with the run it started (if any). */
async function claimHolder(tx: SqlRunner, tickId: string): Promise<ClaimHolder | undefined> {
  const row = await tx.row<{ tick_id: string; host: string; pid: number; claimed_at: number; run_id: string | null; finished_at: number | null }>(`SELECT * FROM scheduler_ticks WHERE tick_id = $1`, [tickId]);
  if (row === undefined) return undefined;
  const run = row.run_id === null ? undefined : await tx.row<RunRow>(`SELECT * FROM runs WHERE id = $1`, [row.run_id]);
  return { tickId: row.tick_id, host: row.host, pid: row.pid, claimedAt: new Date(row.claimed_at), started: row.run_id !== null, run: run === undefined ? undefined : toRunRecord(run), finished: row.finished_at !== null };
}

/** The scheduler's queries on PostgreSQL; the state store's methods delegate here. */
export const postgresSchedulerQueries = {
  /**
   * See `LaunchClaim`: in one transaction that first takes a transaction-scoped advisory lock on
   * the (asset, partition), so claims on the same partition are serialised across processes.
   */
  async claimLaunch(db: PostgresConnection, claim: LaunchClaim): Promise<boolean> {
    return db.write(async (tx) => {
      const at = claim.claimedAt.getTime();
      await tx.run(`SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))`, [claim.asset, claim.partition]);
      await tx.run(`INSERT INTO scheduler_ticks (tick_id, host, pid, claimed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [claim.tickId, claim.host, claim.pid, at]);
      const others = await tx.rows<{ tick_id: string }>(
        `SELECT DISTINCT t.tick_id FROM launches l JOIN scheduler_ticks t ON t.tick_id = l.tick_id
         WHERE l.asset = $1 AND l.partition_key = $2 AND l.tick_id <> $3 AND (t.finished_at IS NULL OR l.claimed_at >= $4)`,
        [claim.asset, claim.partition, claim.tickId, at],
      );
      for (const other of others) {
        const holder = await claimHolder(tx, other.tick_id);
        if (holder !== undefined && !isClaimStranded(holder, claim.claimedAt) && (isClaimInFlight(holder, claim.claimedAt) || holder.claimedAt.getTime() >= at)) return false;
      }
      const key = [claim.asset, claim.partition, claim.trigger, claim.slot, claim.attempt] as const;
      const existing = await tx.row<{ tick_id: string }>(`SELECT tick_id FROM launches WHERE asset = $1 AND partition_key = $2 AND run_trigger = $3 AND slot = $4 AND attempt = $5`, key);
      if (existing === undefined) return (await tx.run(`INSERT INTO launches (asset, partition_key, run_trigger, slot, attempt, tick_id, claimed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, [...key, claim.tickId, at])) === 1;
      if (existing.tick_id === claim.tickId) return false;
      const holder = await claimHolder(tx, existing.tick_id);
      if (holder !== undefined && !isClaimStranded(holder, claim.claimedAt)) return false;
      return (await tx.run(`UPDATE launches SET tick_id = $6, claimed_at = $7 WHERE asset = $1 AND partition_key = $2 AND run_trigger = $3 AND slot = $4 AND attempt = $5 AND tick_id = $8`, [...key, claim.tickId, at, existing.tick_id])) === 1;
    });
  },

  async startLaunches(db: PostgresConnection, tickId: string, runId: string): Promise<void> {
    await db.run(`UPDATE scheduler_ticks SET run_id = $1 WHERE tick_id = $2`, [runId, tickId]);
  },

  async finishLaunches(db: PostgresConnection, tickId: string, at: Date): Promise<void> {
    await db.run(`UPDATE scheduler_ticks SET finished_at = $1 WHERE tick_id = $2`, [at.getTime(), tickId]);
  },

  async recordDecisions(db: PostgresConnection, decisions: readonly DecisionRecord[]): Promise<void> {
    if (decisions.length === 0) return;
    await db.run(
      `INSERT INTO decisions (tick_id, asset, partition_key, decided_at, action, run_trigger, reason)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])`,
      [
        decisions.map((d) => d.tickId),
        decisions.map((d) => d.asset),
        decisions.map((d) => d.partition),
        decisions.map((d) => d.decidedAt.getTime()),
        decisions.map((d) => d.action),
        decisions.map((d) => d.trigger),
        decisions.map((d) => d.reason),
      ],
    );
  },

  async decisions(db: PostgresConnection, asset: string, partition: string | undefined, limit: number): Promise<DecisionRecord[]> {
    const rows =
      partition === undefined
        ? await db.rows<DecisionRow>(`SELECT * FROM decisions WHERE asset = $1 ORDER BY id DESC LIMIT $2`, [asset, limit])
        : await db.rows<DecisionRow>(`SELECT * FROM decisions WHERE asset = $1 AND partition_key = $2 ORDER BY id DESC LIMIT $3`, [asset, partition, limit]);
    return rows.map((r) => ({ tickId: r.tick_id, asset: r.asset, partition: r.partition_key, decidedAt: new Date(r.decided_at), action: r.action, trigger: r.run_trigger as RunTrigger, reason: r.reason }));
  },

  async schedulerCursor(db: PostgresConnection): Promise<Date | undefined> {
    const row = await db.row<{ at: number }>(`SELECT at FROM scheduler_cursor WHERE name = 'tick'`);
    return row === undefined ? undefined : new Date(row.at);
  },

  async advanceSchedulerCursor(db: PostgresConnection, to: Date): Promise<void> {
    await db.run(`INSERT INTO scheduler_cursor (name, at) VALUES ('tick', $1) ON CONFLICT (name) DO UPDATE SET at = greatest(scheduler_cursor.at, excluded.at)`, [to.getTime()]);
  },

  async publishedSummaries(db: PostgresConnection): Promise<Map<string, PublishedSummary>> {
    const rows = await db.rows<{ asset: string; published_partitions: number; last_published_at: number }>(`SELECT * FROM published_summary`);
    return new Map(rows.map((r) => [r.asset, { partitions: r.published_partitions, lastPublishedAt: new Date(r.last_published_at) }]));
  },

  async publishedBetween(db: PostgresConnection, since: Date, until: Date): Promise<PublishedVersion[]> {
    const rows = await db.rows<MaterialisationRow>(`SELECT * FROM materialisations WHERE published_at >= $1 AND published_at <= $2 ORDER BY published_at`, [since.getTime(), until.getTime()]);
    return rows.map(toPublishedVersion);
  },

  async failedBetween(db: PostgresConnection, since: Date, until: Date): Promise<MaterialisationRecord[]> {
    const rows = await db.rows<MaterialisationRow>(`SELECT * FROM materialisations WHERE status = 'failed' AND finished_at > $1 AND finished_at <= $2 ORDER BY id`, [since.getTime(), until.getTime()]);
    return rows.map(toMaterialisationRecord);
  },

  async waitingMaterialisations(db: PostgresConnection): Promise<MaterialisationRecord[]> {
    const rows = await db.rows<MaterialisationRow>(
      `SELECT * FROM materialisations m WHERE status = 'waiting'
       AND NOT EXISTS (SELECT 1 FROM materialisations n WHERE n.asset = m.asset AND n.partition_key = m.partition_key AND n.id > m.id)
       ORDER BY asset, partition_key`,
    );
    return rows.map(toMaterialisationRecord);
  },

  async blockedOrSkippedMaterialisations(db: PostgresConnection): Promise<MaterialisationRecord[]> {
    const rows = await db.rows<MaterialisationRow>(
      `SELECT * FROM materialisations m WHERE status IN ('blocked', 'skipped')
       AND NOT EXISTS (SELECT 1 FROM materialisations n WHERE n.asset = m.asset AND n.partition_key = m.partition_key AND n.id > m.id)
       AND NOT EXISTS (SELECT 1 FROM published p WHERE p.asset = m.asset AND p.partition_key = m.partition_key)
       ORDER BY asset, partition_key`,
    );
    return rows.map(toMaterialisationRecord);
  },

  async attempts(db: PostgresConnection, asset: string, partition: string, trigger: string, slot: string): Promise<number> {
    return (await db.row<{ n: number }>(`SELECT count(*)::bigint AS n FROM launches WHERE asset = $1 AND partition_key = $2 AND run_trigger = $3 AND slot = $4`, [asset, partition, trigger, slot]))?.n ?? 0;
  },

  async runningMaterialisations(db: PostgresConnection): Promise<MaterialisationRecord[]> {
    return (await db.rows<MaterialisationRow>(`SELECT * FROM materialisations WHERE status = 'running' ORDER BY id`)).map(toMaterialisationRecord);
  },

  async alertLevels(db: PostgresConnection): Promise<Map<string, AlertLevel>> {
    return new Map((await db.rows<{ alert_id: string; level: AlertLevel }>(`SELECT alert_id, level FROM alert_levels`)).map((r) => [r.alert_id, r.level]));
  },

  async setAlertLevels(db: PostgresConnection, levels: ReadonlyMap<string, AlertLevel>, at: Date): Promise<void> {
    if (levels.size === 0) return;
    await db.run(
      `INSERT INTO alert_levels (alert_id, level, changed_at) SELECT id, level, $3 FROM unnest($1::text[], $2::text[]) AS t(id, level)
       ON CONFLICT (alert_id) DO UPDATE SET level = excluded.level, changed_at = excluded.changed_at WHERE alert_levels.level <> excluded.level`,
      [[...levels.keys()], [...levels.values()], at.getTime()],
    );
  },

  async recordedFiles(db: PostgresConnection): Promise<string[]> {
    return (await db.rows<{ file: string }>(`SELECT DISTINCT f AS file FROM materialisations m, json_array_elements_text(m.files) f ORDER BY 1`)).map((r) => r.file);
  },

  async pruneHistory(db: PostgresConnection, before: Date): Promise<{ runs: number; materialisations: number; decisions: number; files: string[] }> {
    const cutoff = before.getTime();
    return db.write(async (tx) => {
      const old = `SELECT id FROM materialisations WHERE status NOT IN ('published', 'running') AND coalesce(finished_at, started_at) < $1`;
      const files = (await tx.rows<{ files: string | string[] }>(`SELECT files FROM materialisations WHERE id IN (${old})`, [cutoff])).flatMap((r) => (typeof r.files === "string" ? (JSON.parse(r.files) as string[]) : r.files));
      await tx.run(`DELETE FROM check_results WHERE materialisation_id IN (${old})`, [cutoff]);
      await tx.run(`DELETE FROM profiles WHERE materialisation_id IN (${old})`, [cutoff]);
      const materialisations = await tx.run(`DELETE FROM materialisations WHERE id IN (${old})`, [cutoff]);
      const runs = await tx.run(`DELETE FROM runs WHERE status <> 'running' AND coalesce(finished_at, started_at) < $1 AND NOT EXISTS (SELECT 1 FROM materialisations m WHERE m.run_id = runs.id)`, [cutoff]);
      const decisions = await tx.run(`DELETE FROM decisions WHERE decided_at < $1`, [cutoff]);
      await tx.run(`DELETE FROM launches WHERE claimed_at < $1`, [cutoff]);
      await tx.run(`DELETE FROM scheduler_ticks WHERE claimed_at < $1 AND NOT EXISTS (SELECT 1 FROM launches l WHERE l.tick_id = scheduler_ticks.tick_id)`, [cutoff]);
      return { runs, materialisations, decisions, files };
    });
  },
};

