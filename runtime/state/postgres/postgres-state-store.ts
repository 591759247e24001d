import type {
  CheckResultRecord,
  LoadedFile,
  MaterialisationOutcome,
  MaterialisationRecord,
  NewMaterialisation,
  NewRun,
  PiiKeyRecord,
  ProfileRecord,
  PublishedVersion,
  RunRecord,
  RunStatus,
} from "../records.ts";
import {
  invalidValueError,
  materialisationNotRunningError,
  runExistsError,
  runNotRunningError,
  unknownMaterialisationError,
  unknownRunError,
} from "../state-errors.ts";
import type { AlertLevel } from "../records.ts";
import type { DecisionRecord, LaunchClaim, PublishedSummary, SchedulerStore } from "../scheduler-store.ts";
import { postgresSchedulerQueries as scheduler } from "./scheduler-queries.ts";
import { toCount, toDigests, toMillis } from "../stored-values.ts";
import { openPostgresConnection, type PostgresStateOptions } from "./open-postgres-connection.ts";
import type { PostgresConnection } from "./postgres-connection.ts";
import { isStoredId, toStoredText } from "./postgres-values.ts";
import { publishVersions, type PublishItem } from "./publish-versions.ts";
import { piiKeyQueries } from "./pii-key-queries.ts";
import * as read from "./read-queries.ts";
import { toMaterialisationRecord, toRunRecord, type MaterialisationRow, type RunRow } from "./row-mappers.ts";

const finishedRunStatuses: ReadonlySet<string> = new Set<Exclude<RunStatus, "running">>(["succeeded", "failed", "partial"]);
const outcomeStatuses: ReadonlySet<string> = new Set<MaterialisationOutcome["status"]>(["blocked", "failed", "skipped", "waiting"]);

/**
 * The shared state store: PostgreSQL, for several runtime instances on several machines.
 * Behaves exactly as the SQLite store (both pass the same contract tests).
 *
 * Every multi-statement write is one read-committed transaction that locks what it checks
 * (`SELECT … FOR NO KEY UPDATE` / `FOR SHARE`) or relies on `INSERT … ON CONFLICT`, so
 * concurrent processes cannot interleave between a check and the write it guards; publishing
 * is explained in `publish-versions.ts`. Timestamps are stored as epoch milliseconds and JSON as
 * `json` (see `migrations.ts`). "Newest" materialisation means the one started last (highest id).
 *
 * @example
 * const store = await PostgresStateStore.open("postgres://lakeform:secret@db:5432/lakeform");
 * const run = await store.createRun({ id: "r1", selection: "*", trigger: "manual", startedAt: new Date(), pid: process.pid, host: "local" });
 * await store.close();
 */
export class PostgresStateStore implements SchedulerStore {
  readonly #db: PostgresConnection;

  private constructor(db: PostgresConnection) {
    this.#db = db;
  }

  /** Connects to `url` (`postgres://user:password@host:5432/database`) and migrates the schema. */
  static async open(url: string, options: PostgresStateOptions = {}): Promise<PostgresStateStore> {
    return new PostgresStateStore(await openPostgresConnection(url, options));
  }

  async createRun(run: NewRun): Promise<RunRecord> {
    const startedAt = toMillis(run.startedAt, `Run "${run.id}" startedAt`);
    const pid = toCount(run.pid, `Run "${run.id}" pid`);
    const row = await this.#db.row<RunRow>(
      `INSERT INTO runs (id, selection, run_trigger, status, started_at, heartbeat_at, pid, host)
       VALUES ($1, $2, $3, 'running', $4, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [run.id, run.selection, run.trigger, startedAt, pid, run.host],
    );
    if (row === undefined) throw runExistsError(run.id);
    return toRunRecord(row);
  }

  async heartbeat(runId: string, at: Date): Promise<void> {
    const ms = toMillis(at, `Run "${runId}" heartbeat`);
    if ((await this.#db.run("UPDATE runs SET heartbeat_at = $1 WHERE id = $2", [ms, runId])) === 0) throw unknownRunError(runId);
  }

  async finishRun(runId: string, status: Exclude<RunStatus, "running">, finishedAt: Date, summary: Readonly<Record<string, number>>): Promise<void> {
    if (!finishedRunStatuses.has(status)) throw invalidValueError(`Run "${runId}" status`, status, "succeeded, failed or partial");
    const ms = toMillis(finishedAt, `Run "${runId}" finishedAt`);
    await this.#db.write(async (tx) => {
      const row = await tx.row<RunRow>("SELECT * FROM runs WHERE id = $1 FOR NO KEY UPDATE", [runId]);
      if (row === undefined) throw unknownRunError(runId);
      const run = toRunRecord(row);
      if (run.status !== "running") throw runNotRunningError(run, "be finished again");
      await tx.run("UPDATE runs SET status = $1, finished_at = $2, summary = $3 WHERE id = $4", [status, ms, JSON.stringify(summary), runId]);
    });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const row = await this.#db.row<RunRow>("SELECT * FROM runs WHERE id = $1", [runId]);
    return row === undefined ? undefined : toRunRecord(row);
  }

  async listRuns(options: { readonly limit?: number } = {}): Promise<RunRecord[]> {
    const limit = options.limit === undefined ? null : toCount(options.limit, "listRuns limit");
    return (await this.#db.rows<RunRow>("SELECT * FROM runs ORDER BY started_at DESC, seq DESC LIMIT $1", [limit])).map(toRunRecord);
  }

  async startMaterialisation(m: NewMaterialisation): Promise<MaterialisationRecord> {
    const startedAt = toMillis(m.startedAt, `Asset "${m.asset}": materialisation startedAt`);
    return this.#db.write(async (tx) => {
      // FOR SHARE: a concurrent finishRun or failAbandoned waits until this materialisation exists.
      const row = await tx.row<RunRow>("SELECT * FROM runs WHERE id = $1 FOR SHARE", [m.runId]);
      if (row === undefined) throw unknownRunError(m.runId);
      const run = toRunRecord(row);
      if (run.status !== "running") throw runNotRunningError(run, `start a materialisation of "${m.asset}"`);
      const inserted = await tx.row<MaterialisationRow>(
        `INSERT INTO materialisations (run_id, asset, partition_key, version, fingerprint, status, started_at)
         VALUES ($1, $2, $3, $4, $5, 'running', $6) RETURNING *`,
        [m.runId, m.asset, m.partition, m.version, m.fingerprint, startedAt],
      );
      return toMaterialisationRecord(inserted as MaterialisationRow);
    });
  }

  async finishMaterialisation(id: number, outcome: MaterialisationOutcome): Promise<MaterialisationRecord> {
    if (!outcomeStatuses.has(outcome.status)) throw invalidValueError(`Materialisation ${id} outcome status`, outcome.status, "blocked, failed, skipped or waiting");
    const finishedAt = toMillis(outcome.finishedAt, `Materialisation ${id} finishedAt`);
    const rows = outcome.rows === undefined ? null : toCount(outcome.rows, `Materialisation ${id} rows`);
    const bytes = outcome.bytes === undefined ? null : toCount(outcome.bytes, `Materialisation ${id} bytes`);
    if (!isStoredId(id)) throw unknownMaterialisationError(id);
    return this.#db.write(async (tx) => {
      const current = await tx.row<MaterialisationRow>("SELECT * FROM materialisations WHERE id = $1 FOR NO KEY UPDATE", [id]);
      if (current === undefined) throw unknownMaterialisationError(id);
      const m = toMaterialisationRecord(current);
      if (m.status !== "running") throw materialisationNotRunningError(m, "finished");
      const row = await tx.row<MaterialisationRow>(
        `UPDATE materialisations SET status = $1, finished_at = $2, row_count = $3, byte_count = $4, files = $5, reason = $6, timings = $7
         WHERE id = $8 RETURNING *`,
        [outcome.status, finishedAt, rows, bytes, JSON.stringify(outcome.files ?? []), outcome.reason === undefined ? null : toStoredText(outcome.reason), JSON.stringify(outcome.timings ?? {}), id],
      );
      return toMaterialisationRecord(row as MaterialisationRow);
    });
  }

  async publish(items: readonly PublishItem[], at: Date): Promise<void> {
    const publishedAt = toMillis(at, "Publish time");
    const checked = items.map((item) => ({
      ...item,
      rows: toCount(item.rows, `Materialisation ${item.id} rows`),
      bytes: toCount(item.bytes, `Materialisation ${item.id} bytes`),
      digests: toDigests(item.digests, `Materialisation ${item.id} file`),
    }));
    await this.#db.write((tx) => publishVersions(tx, checked, publishedAt));
  }

  async publishedVersions(asset: string, partitions?: readonly string[]): Promise<PublishedVersion[]> {
    return read.publishedVersions(this.#db, asset, partitions);
  }

  async materialisationHistory(asset: string, options: { readonly limit?: number; readonly partition?: string } = {}): Promise<MaterialisationRecord[]> {
    const limit = options.limit === undefined ? null : toCount(options.limit, "materialisationHistory limit");
    return read.materialisationHistory(this.#db, asset, limit, options.partition);
  }

  async latestMaterialisations(assets: readonly string[]): Promise<Map<string, MaterialisationRecord>> {
    return read.latestMaterialisations(this.#db, assets);
  }

  /** Same rules as the SQLite store: one entry per partition, each `""` version its own entry; see there. */
  async publishedRowCounts(asset: string, options: { readonly limit: number; readonly excludePartition?: string }): Promise<{ partition: string; rows: number; publishedAt: Date }[]> {
    const limit = toCount(options.limit, "publishedRowCounts limit");
    return read.publishedRowCounts(this.#db, asset, limit, options.excludePartition);
  }

  async failAbandoned(isAlive: (run: RunRecord) => boolean, at: Date): Promise<MaterialisationRecord[]> {
    const finishedAt = toMillis(at, "failAbandoned time");
    return this.#db.write(async (tx) => {
      const running = (await tx.rows<RunRow>("SELECT * FROM runs WHERE status = 'running' ORDER BY started_at, id FOR NO KEY UPDATE")).map(toRunRecord);
      const failed: MaterialisationRow[] = [];
      for (const run of running.filter((r) => !isAlive(r))) {
        const reason = `abandoned: the process running it died (run ${run.id}, pid ${run.pid})`;
        failed.push(...(await tx.rows<MaterialisationRow>(
          "UPDATE materialisations SET status = 'failed', finished_at = $1, reason = $2 WHERE run_id = $3 AND status = 'running' RETURNING *",
          [finishedAt, reason, run.id],
        )));
        await tx.run("UPDATE runs SET status = 'failed', finished_at = $1 WHERE id = $2", [finishedAt, run.id]);
      }
      return failed.sort((a, b) => a.id - b.id).map(toMaterialisationRecord);
    });
  }

  async recordCheckResults(results: readonly CheckResultRecord[]): Promise<void> {
    const rows = results.map((r) => ({ ...r, evaluatedAt: toMillis(r.evaluatedAt, `Asset "${r.asset}": check "${r.check}" evaluatedAt`) }));
    if (rows.length === 0) return;
    await this.#db.write(async (tx) => {
      for (const r of rows) {
        await tx.run(
          `INSERT INTO check_results (materialisation_id, asset, partition_key, check_name, kind, severity, blocking, status, message, metrics, failing_sample, evaluated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (materialisation_id, check_name) DO UPDATE SET asset = excluded.asset, partition_key = excluded.partition_key,
             kind = excluded.kind, severity = excluded.severity, blocking = excluded.blocking, status = excluded.status, message = excluded.message,
             metrics = excluded.metrics, failing_sample = excluded.failing_sample, evaluated_at = excluded.evaluated_at`,
          [r.materialisationId, r.asset, r.partition, r.check, r.kind, r.severity, r.blocking, r.status, toStoredText(r.message),
            JSON.stringify(r.metrics), JSON.stringify(r.failingSample), r.evaluatedAt],
        );
      }
    });
  }

  /** Results in the order they were first recorded; recording a check again for the same materialisation replaces it. */
  async checkResults(asset: string, options: { readonly materialisationId?: number; readonly partition?: string } = {}): Promise<CheckResultRecord[]> {
    if (options.materialisationId !== undefined && !isStoredId(options.materialisationId)) return [];
    return read.checkResults(this.#db, asset, options.materialisationId, options.partition);
  }

  /** Recording a profile again for the same materialisation replaces it. */
  async recordProfile(profile: ProfileRecord): Promise<void> {
    const profiledAt = toMillis(profile.profiledAt, `Asset "${profile.asset}": profiledAt`);
    const rows = toCount(profile.rows, `Asset "${profile.asset}": profile rows`);
    await this.#db.run(
      `INSERT INTO profiles (materialisation_id, asset, partition_key, row_count, column_profiles, profiled_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (materialisation_id) DO UPDATE SET asset = excluded.asset, partition_key = excluded.partition_key,
         row_count = excluded.row_count, column_profiles = excluded.column_profiles, profiled_at = excluded.profiled_at`,
      [profile.materialisationId, profile.asset, profile.partition, rows, JSON.stringify(profile.columns), profiledAt],
    );
  }

  /** The profile of the newest profiled materialisation of `asset` (of `partition`, when given). */
  async latestProfile(asset: string, partition?: string): Promise<ProfileRecord | undefined> {
    return read.latestProfile(this.#db, asset, partition);
  }

  async recordLoadedFiles(files: readonly LoadedFile[]): Promise<void> {
    const rows = files.map((f) => ({ ...f, bytes: toCount(f.bytes, `Loaded file "${f.path}" bytes`), loadedAt: toMillis(f.loadedAt, `Loaded file "${f.path}" loadedAt`) }));
    if (rows.length === 0) return;
    await this.#db.write(async (tx) => {
      for (const f of rows) {
        await tx.run(
          `INSERT INTO loaded_files (source, path, sha256, byte_count, batch_id, loaded_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (source, path, sha256) DO NOTHING`,
          [f.source, f.path, f.sha256, f.bytes, f.batchId, f.loadedAt],
        );
      }
    });
  }

  /** Known files among `files`, in the order asked, each once. */
  async loadedFiles(source: string, files: readonly { readonly path: string; readonly sha256: string }[]): Promise<LoadedFile[]> {
    return read.loadedFiles(this.#db, source, files);
  }

  async claimLaunch(claim: LaunchClaim): Promise<boolean> {
    return scheduler.claimLaunch(this.#db, claim);
  }

  async startLaunches(tickId: string, runId: string): Promise<void> {
    return scheduler.startLaunches(this.#db, tickId, runId);
  }

  async finishLaunches(tickId: string, at: Date): Promise<void> {
    return scheduler.finishLaunches(this.#db, tickId, at);
  }

  async blockedOrSkippedMaterialisations(): Promise<MaterialisationRecord[]> {
    return scheduler.blockedOrSkippedMaterialisations(this.#db);
  }

  async recordDecisions(decisions: readonly DecisionRecord[]): Promise<void> {
    await scheduler.recordDecisions(this.#db, decisions);
  }

  async decisions(asset: string, options: { readonly partition?: string; readonly limit?: number } = {}): Promise<DecisionRecord[]> {
    return scheduler.decisions(this.#db, asset, options.partition, options.limit ?? 20);
  }

  async schedulerCursor(): Promise<Date | undefined> {
    return scheduler.schedulerCursor(this.#db);
  }

  async advanceSchedulerCursor(to: Date): Promise<void> {
    await scheduler.advanceSchedulerCursor(this.#db, to);
  }

  async publishedSummaries(): Promise<Map<string, PublishedSummary>> {
    return scheduler.publishedSummaries(this.#db);
  }

  async publishedBetween(since: Date, until: Date): Promise<PublishedVersion[]> {
    return scheduler.publishedBetween(this.#db, since, until);
  }

  async failedBetween(since: Date, until: Date): Promise<MaterialisationRecord[]> {
    return scheduler.failedBetween(this.#db, since, until);
  }

  async waitingMaterialisations(): Promise<MaterialisationRecord[]> {
    return scheduler.waitingMaterialisations(this.#db);
  }

  async attempts(asset: string, partition: string, trigger: string, slot: string): Promise<number> {
    return scheduler.attempts(this.#db, asset, partition, trigger, slot);
  }

  async runningMaterialisations(): Promise<MaterialisationRecord[]> {
    return scheduler.runningMaterialisations(this.#db);
  }

  async alertLevels(): Promise<Map<string, AlertLevel>> {
    return scheduler.alertLevels(this.#db);
  }

  async setAlertLevels(levels: ReadonlyMap<string, AlertLevel>, at: Date): Promise<void> {
    await scheduler.setAlertLevels(this.#db, levels, at);
  }

  async pruneHistory(before: Date): Promise<{ runs: number; materialisations: number; decisions: number; files: string[] }> {
    return scheduler.pruneHistory(this.#db, before);
  }

  async recordedFiles(): Promise<string[]> {
    return scheduler.recordedFiles(this.#db);
  }

  async piiKeyFingerprint(): Promise<PiiKeyRecord | undefined> {
    return piiKeyQueries.current(this.#db);
  }

  async recordPiiKeyFingerprint(fingerprint: string, at: Date): Promise<PiiKeyRecord> {
    return piiKeyQueries.record(this.#db, fingerprint, at);
  }

  async rotatePiiKeyFingerprint(fingerprint: string, at: Date): Promise<PiiKeyRecord> {
    return piiKeyQueries.rotate(this.#db, fingerprint, at);
  }

  async close(): Promise<void> {
    await this.#db.end();
  }
}
