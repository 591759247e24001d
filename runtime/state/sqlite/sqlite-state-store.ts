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
import type { StateStore } from "../state-store.ts";
import type { AlertLevel } from "../records.ts";
import type { DecisionRecord, LaunchClaim, PublishedSummary, SchedulerStore } from "../scheduler-store.ts";
import { piiKeyQueries } from "./pii-key-queries.ts";
import { schedulerQueries } from "./scheduler-queries.ts";
import { toCount, toDigests, toMillis } from "../stored-values.ts";
import { openSqliteDatabase, type SqliteOpenOptions } from "./open-sqlite-database.ts";
import { SqliteConnection } from "./sqlite-connection.ts";
import {
  toCheckResultRecord,
  toLoadedFile,
  toMaterialisationRecord,
  toProfileRecord,
  toPublishedVersion,
  toRunRecord,
  type CheckResultRow,
  type LoadedFileRow,
  type MaterialisationRow,
  type ProfileRow,
  type RunRow,
} from "./row-mappers.ts";

type PublishItem = Parameters<StateStore["publish"]>[0][number];

const finishedRunStatuses: ReadonlySet<string> = new Set<Exclude<RunStatus, "running">>(["succeeded", "failed", "partial"]);
const outcomeStatuses: ReadonlySet<string> = new Set<MaterialisationOutcome["status"]>(["blocked", "failed", "skipped", "waiting"]);

/**
 * The embedded state store: one SQLite file shared by every process on the machine.
 *
 * Every write runs in a `BEGIN IMMEDIATE` transaction, so concurrent writers from several
 * processes queue (up to the busy timeout) instead of failing; readers never block (WAL).
 * "Newest" materialisation means the one started last (highest id).
 *
 * @example
 * const store = SqliteStateStore.open(".lakeform/state.db");
 * const run = await store.createRun({ id: "r1", selection: "*", trigger: "manual", startedAt: new Date(), pid: process.pid, host: "local" });
 * await store.close();
 */
export class SqliteStateStore implements SchedulerStore {
  readonly #db: SqliteConnection;

  private constructor(db: SqliteConnection) {
    this.#db = db;
  }

  /** Opens or creates the database at `path` (`":memory:"` for a private in-memory one) and migrates it. */
  static open(path: string, options: SqliteOpenOptions = {}): SqliteStateStore {
    return new SqliteStateStore(new SqliteConnection(openSqliteDatabase(path, options)));
  }

  async createRun(run: NewRun): Promise<RunRecord> {
    const startedAt = toMillis(run.startedAt, `Run "${run.id}" startedAt`);
    return this.#db.write(() => {
      if (this.#findRun(run.id) !== undefined) throw runExistsError(run.id);
      const row = this.#db.get<RunRow>(
        `INSERT INTO runs (id, selection, run_trigger, status, started_at, heartbeat_at, pid, host)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?) RETURNING *`,
        run.id, run.selection, run.trigger, startedAt, startedAt, toCount(run.pid, `Run "${run.id}" pid`), run.host,
      );
      return toRunRecord(row as RunRow);
    });
  }

  async heartbeat(runId: string, at: Date): Promise<void> {
    const ms = toMillis(at, `Run "${runId}" heartbeat`);
    this.#db.write(() => {
      if (this.#db.run("UPDATE runs SET heartbeat_at = ? WHERE id = ?", ms, runId).changes === 0) throw unknownRunError(runId);
    });
  }

  async finishRun(runId: string, status: Exclude<RunStatus, "running">, finishedAt: Date, summary: Readonly<Record<string, number>>): Promise<void> {
    if (!finishedRunStatuses.has(status)) throw invalidValueError(`Run "${runId}" status`, status, "succeeded, failed or partial");
    const ms = toMillis(finishedAt, `Run "${runId}" finishedAt`);
    this.#db.write(() => {
      const run = this.#findRun(runId);
      if (run === undefined) throw unknownRunError(runId);
      if (run.status !== "running") throw runNotRunningError(run, "be finished again");
      this.#db.run("UPDATE runs SET status = ?, finished_at = ?, summary = ? WHERE id = ?", status, ms, JSON.stringify(summary), runId);
    });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    return this.#findRun(runId);
  }

  async listRuns(options: { readonly limit?: number } = {}): Promise<RunRecord[]> {
    const limit = options.limit === undefined ? -1 : toCount(options.limit, "listRuns limit");
    return this.#db.all<RunRow>("SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?", limit).map(toRunRecord);
  }

  async startMaterialisation(m: NewMaterialisation): Promise<MaterialisationRecord> {
    const startedAt = toMillis(m.startedAt, `Asset "${m.asset}": materialisation startedAt`);
    return this.#db.write(() => {
      const run = this.#findRun(m.runId);
      if (run === undefined) throw unknownRunError(m.runId);
      if (run.status !== "running") throw runNotRunningError(run, `start a materialisation of "${m.asset}"`);
      const row = this.#db.get<MaterialisationRow>(
        `INSERT INTO materialisations (run_id, asset, partition_key, version, fingerprint, status, started_at)
         VALUES (?, ?, ?, ?, ?, 'running', ?) RETURNING *`,
        m.runId, m.asset, m.partition, m.version, m.fingerprint, startedAt,
      );
      return toMaterialisationRecord(row as MaterialisationRow);
    });
  }

  async finishMaterialisation(id: number, outcome: MaterialisationOutcome): Promise<MaterialisationRecord> {
    if (!outcomeStatuses.has(outcome.status)) throw invalidValueError(`Materialisation ${id} outcome status`, outcome.status, "blocked, failed, skipped or waiting");
    const finishedAt = toMillis(outcome.finishedAt, `Materialisation ${id} finishedAt`);
    const rows = outcome.rows === undefined ? null : toCount(outcome.rows, `Materialisation ${id} rows`);
    const bytes = outcome.bytes === undefined ? null : toCount(outcome.bytes, `Materialisation ${id} bytes`);
    return this.#db.write(() => {
      this.#runningMaterialisation(id, "finished");
      const row = this.#db.get<MaterialisationRow>(
        `UPDATE materialisations SET status = ?, finished_at = ?, row_count = ?, byte_count = ?, files = ?, reason = ?, timings = ?
         WHERE id = ? RETURNING *`,
        outcome.status, finishedAt, rows, bytes, JSON.stringify(outcome.files ?? []), outcome.reason ?? null, JSON.stringify(outcome.timings ?? {}), id,
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
    this.#db.write(() => {
      for (const item of checked) {
        const m = this.#runningMaterialisation(item.id, "published");
        const replaced = this.#db.run(
          `UPDATE materialisations SET status = 'superseded'
           WHERE id = (SELECT materialisation_id FROM published WHERE asset = ? AND partition_key = ?)`,
          m.asset, m.partition,
        ).changes;
        this.#db.run(
          `INSERT INTO published_summary (asset, published_partitions, last_published_at) VALUES (?, 1, ?)
           ON CONFLICT (asset) DO UPDATE SET published_partitions = published_partitions + ?, last_published_at = max(last_published_at, excluded.last_published_at)`,
          m.asset, publishedAt, replaced === 0 ? 1 : 0,
        );
        this.#db.run(
          `UPDATE materialisations SET status = 'published', row_count = ?, byte_count = ?, files = ?, file_digests = ?, timings = ?, published_at = ?, finished_at = ?
           WHERE id = ?`,
          item.rows, item.bytes, JSON.stringify(item.files), JSON.stringify(item.digests), JSON.stringify(item.timings), publishedAt, publishedAt, item.id,
        );
        this.#db.run(
          `INSERT INTO published (asset, partition_key, materialisation_id) VALUES (?, ?, ?)
           ON CONFLICT (asset, partition_key) DO UPDATE SET materialisation_id = excluded.materialisation_id`,
          m.asset, m.partition, item.id,
        );
      }
    });
  }

  async publishedVersions(asset: string, partitions?: readonly string[]): Promise<PublishedVersion[]> {
    const select = "SELECT m.* FROM published p JOIN materialisations m ON m.id = p.materialisation_id WHERE p.asset = ?";
    const rows = partitions === undefined
      ? this.#db.all<MaterialisationRow>(`${select} ORDER BY p.partition_key`, asset)
      : this.#db.all<MaterialisationRow>(`${select} AND p.partition_key IN (SELECT value FROM json_each(?)) ORDER BY p.partition_key`, asset, JSON.stringify(partitions));
    return rows.map(toPublishedVersion);
  }

  async materialisationHistory(asset: string, options: { readonly limit?: number; readonly partition?: string } = {}): Promise<MaterialisationRecord[]> {
    const limit = options.limit === undefined ? -1 : toCount(options.limit, "materialisationHistory limit");
    const rows = options.partition === undefined
      ? this.#db.all<MaterialisationRow>("SELECT * FROM materialisations WHERE asset = ? ORDER BY id DESC LIMIT ?", asset, limit)
      : this.#db.all<MaterialisationRow>("SELECT * FROM materialisations WHERE asset = ? AND partition_key = ? ORDER BY id DESC LIMIT ?", asset, options.partition, limit);
    return rows.map(toMaterialisationRecord);
  }

  async latestMaterialisations(assets: readonly string[]): Promise<Map<string, MaterialisationRecord>> {
    const rows = this.#db.all<MaterialisationRow>(
      `SELECT m.* FROM (SELECT DISTINCT value AS asset FROM json_each(?)) a
       JOIN materialisations m ON m.id = (SELECT max(id) FROM materialisations WHERE asset = a.asset)`,
      JSON.stringify(assets),
    );
    return new Map(rows.map((row) => [row.asset, toMaterialisationRecord(row)]));
  }

  /**
   * Row counts of published versions of `asset` (status `published` or `superseded`), as the
   * baseline for volume anomaly checks:
   * - partitioned assets: one entry per partition, its most recently published version, newest
   *   (greatest) partition first;
   * - the unpartitioned partition `""`: every published version is its own entry, newest first
   *   (after any named partitions, should an asset have both).
   *
   * `excludePartition` leaves that partition out entirely, so pass it only for partitioned
   * assets (excluding `""` leaves an unpartitioned asset with no baseline). At most `limit` entries.
   */
  async publishedRowCounts(asset: string, options: { readonly limit: number; readonly excludePartition?: string }): Promise<{ partition: string; rows: number; publishedAt: Date }[]> {
    const limit = toCount(options.limit, "publishedRowCounts limit");
    const rows = this.#db.all<{ partition_key: string; row_count: number | null; published_at: number }>(
      `SELECT partition_key, row_count, published_at FROM (
         SELECT id, partition_key, row_count, published_at,
                row_number() OVER (PARTITION BY partition_key ORDER BY published_at DESC, id DESC) AS newest
         FROM materialisations
         WHERE asset = ? AND status IN ('published', 'superseded') AND (? IS NULL OR partition_key <> ?)
       )
       WHERE newest = 1 OR partition_key = ''
       ORDER BY partition_key DESC, published_at DESC, id DESC
       LIMIT ?`,
      asset, options.excludePartition ?? null, options.excludePartition ?? null, limit,
    );
    return rows.map((row) => ({ partition: row.partition_key, rows: row.row_count ?? 0, publishedAt: new Date(row.published_at) }));
  }

  async failAbandoned(isAlive: (run: RunRecord) => boolean, at: Date): Promise<MaterialisationRecord[]> {
    const finishedAt = toMillis(at, "failAbandoned time");
    return this.#db.write(() => {
      const running = this.#db.all<RunRow>("SELECT * FROM runs WHERE status = 'running' ORDER BY started_at, id").map(toRunRecord);
      const failed: MaterialisationRow[] = [];
      for (const run of running.filter((r) => !isAlive(r))) {
        const reason = `abandoned: the process running it died (run ${run.id}, pid ${run.pid})`;
        failed.push(...this.#db.all<MaterialisationRow>(
          "UPDATE materialisations SET status = 'failed', finished_at = ?, reason = ? WHERE run_id = ? AND status = 'running' RETURNING *",
          finishedAt, reason, run.id,
        ));
        this.#db.run("UPDATE runs SET status = 'failed', finished_at = ? WHERE id = ?", finishedAt, run.id);
      }
      return failed.sort((a, b) => a.id - b.id).map(toMaterialisationRecord);
    });
  }

  async recordCheckResults(results: readonly CheckResultRecord[]): Promise<void> {
    const rows = results.map((r) => ({ ...r, evaluatedAt: toMillis(r.evaluatedAt, `Asset "${r.asset}": check "${r.check}" evaluatedAt`) }));
    this.#db.write(() => {
      for (const r of rows) {
        this.#db.run(
          `INSERT INTO check_results (materialisation_id, asset, partition_key, check_name, kind, severity, blocking, status, message, metrics, failing_sample, evaluated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (materialisation_id, check_name) DO UPDATE SET asset = excluded.asset, partition_key = excluded.partition_key,
             kind = excluded.kind, severity = excluded.severity, blocking = excluded.blocking, status = excluded.status, message = excluded.message,
             metrics = excluded.metrics, failing_sample = excluded.failing_sample, evaluated_at = excluded.evaluated_at`,
          r.materialisationId, r.asset, r.partition, r.check, r.kind, r.severity, r.blocking ? 1 : 0, r.status, r.message,
          JSON.stringify(r.metrics), JSON.stringify(r.failingSample), r.evaluatedAt,
        );
      }
    });
  }

  /** Results in the order they were first recorded; recording a check again for the same materialisation replaces it. */
  async checkResults(asset: string, options: { readonly materialisationId?: number; readonly partition?: string } = {}): Promise<CheckResultRecord[]> {
    const partition = options.partition === undefined ? "" : " AND partition_key = ?";
    const partitionParams = options.partition === undefined ? [] : [options.partition];
    const which = options.materialisationId === undefined
      ? { sql: `(SELECT max(materialisation_id) FROM check_results WHERE asset = ?${partition})`, params: [asset, ...partitionParams] }
      : { sql: "?", params: [options.materialisationId] };
    const rows = this.#db.all<CheckResultRow>(
      `SELECT * FROM check_results WHERE materialisation_id = ${which.sql} AND asset = ?${partition} ORDER BY id`,
      ...which.params, asset, ...partitionParams,
    );
    return rows.map(toCheckResultRecord);
  }

  /** Recording a profile again for the same materialisation replaces it. */
  async recordProfile(profile: ProfileRecord): Promise<void> {
    const profiledAt = toMillis(profile.profiledAt, `Asset "${profile.asset}": profiledAt`);
    const rows = toCount(profile.rows, `Asset "${profile.asset}": profile rows`);
    this.#db.write(() => {
      this.#db.run(
        `INSERT INTO profiles (materialisation_id, asset, partition_key, row_count, column_profiles, profiled_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (materialisation_id) DO UPDATE SET asset = excluded.asset, partition_key = excluded.partition_key,
           row_count = excluded.row_count, column_profiles = excluded.column_profiles, profiled_at = excluded.profiled_at`,
        profile.materialisationId, profile.asset, profile.partition, rows, JSON.stringify(profile.columns), profiledAt,
      );
    });
  }

  /** The profile of the newest profiled materialisation of `asset` (of `partition`, when given). */
  async latestProfile(asset: string, partition?: string): Promise<ProfileRecord | undefined> {
    const row = partition === undefined
      ? this.#db.get<ProfileRow>("SELECT * FROM profiles WHERE asset = ? ORDER BY materialisation_id DESC LIMIT 1", asset)
      : this.#db.get<ProfileRow>("SELECT * FROM profiles WHERE asset = ? AND partition_key = ? ORDER BY materialisation_id DESC LIMIT 1", asset, partition);
    return row === undefined ? undefined : toProfileRecord(row);
  }

  async recordLoadedFiles(files: readonly LoadedFile[]): Promise<void> {
    const rows = files.map((f) => ({ ...f, bytes: toCount(f.bytes, `Loaded file "${f.path}" bytes`), loadedAt: toMillis(f.loadedAt, `Loaded file "${f.path}" loadedAt`) }));
    this.#db.write(() => {
      for (const f of rows) {
        this.#db.run(
          `INSERT INTO loaded_files (source, path, sha256, byte_count, batch_id, loaded_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (source, path, sha256) DO NOTHING`,
          f.source, f.path, f.sha256, f.bytes, f.batchId, f.loadedAt,
        );
      }
    });
  }

  /** Known files among `files`, in the order asked, each once. */
  async loadedFiles(source: string, files: readonly { readonly path: string; readonly sha256: string }[]): Promise<LoadedFile[]> {
    const rows = this.#db.all<LoadedFileRow>(
      `SELECT l.* FROM (SELECT min(key) AS position, json_extract(value, '$.path') AS file_path, json_extract(value, '$.sha256') AS file_sha256
                        FROM json_each(?) GROUP BY file_path, file_sha256) f
       JOIN loaded_files l ON l.source = ? AND l.path = f.file_path AND l.sha256 = f.file_sha256
       ORDER BY f.position`,
      JSON.stringify(files.map((f) => ({ path: f.path, sha256: f.sha256 }))), source,
    );
    return rows.map(toLoadedFile);
  }

  async claimLaunch(claim: LaunchClaim): Promise<boolean> {
    return schedulerQueries.claimLaunch(this.#db, claim);
  }

  async startLaunches(tickId: string, runId: string): Promise<void> {
    schedulerQueries.startLaunches(this.#db, tickId, runId);
  }

  async finishLaunches(tickId: string, at: Date): Promise<void> {
    schedulerQueries.finishLaunches(this.#db, tickId, at);
  }

  async blockedOrSkippedMaterialisations(): Promise<MaterialisationRecord[]> {
    return schedulerQueries.blockedOrSkippedMaterialisations(this.#db);
  }

  async recordDecisions(decisions: readonly DecisionRecord[]): Promise<void> {
    schedulerQueries.recordDecisions(this.#db, decisions);
  }

  async decisions(asset: string, options: { readonly partition?: string; readonly limit?: number } = {}): Promise<DecisionRecord[]> {
    return schedulerQueries.decisions(this.#db, asset, options.partition, options.limit ?? 20);
  }

  async schedulerCursor(): Promise<Date | undefined> {
    return schedulerQueries.schedulerCursor(this.#db);
  }

  async advanceSchedulerCursor(to: Date): Promise<void> {
    schedulerQueries.advanceSchedulerCursor(this.#db, to);
  }

  async publishedSummaries(): Promise<Map<string, PublishedSummary>> {
    return schedulerQueries.publishedSummaries(this.#db);
  }

  async publishedBetween(since: Date, until: Date): Promise<PublishedVersion[]> {
    return schedulerQueries.publishedBetween(this.#db, since, until);
  }

  async failedBetween(since: Date, until: Date): Promise<MaterialisationRecord[]> {
    return schedulerQueries.failedBetween(this.#db, since, until);
  }

  async waitingMaterialisations(): Promise<MaterialisationRecord[]> {
    return schedulerQueries.waitingMaterialisations(this.#db);
  }

  async attempts(asset: string, partition: string, trigger: string, slot: string): Promise<number> {
    return schedulerQueries.attempts(this.#db, asset, partition, trigger, slot);
  }

  async runningMaterialisations(): Promise<MaterialisationRecord[]> {
    return schedulerQueries.runningMaterialisations(this.#db);
  }

  async alertLevels(): Promise<Map<string, AlertLevel>> {
    return schedulerQueries.alertLevels(this.#db);
  }

  async setAlertLevels(levels: ReadonlyMap<string, AlertLevel>, at: Date): Promise<void> {
    schedulerQueries.setAlertLevels(this.#db, levels, at);
  }

  async pruneHistory(before: Date): Promise<{ runs: number; materialisations: number; decisions: number; files: string[] }> {
    return schedulerQueries.pruneHistory(this.#db, before);
  }

  async recordedFiles(): Promise<string[]> {
    return schedulerQueries.recordedFiles(this.#db);
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
    this.#db.close();
  }

  #findRun(runId: string): RunRecord | undefined {
    const row = this.#db.get<RunRow>("SELECT * FROM runs WHERE id = ?", runId);
    return row === undefined ? undefined : toRunRecord(row);
  }

  #runningMaterialisation(id: number, verb: "finished" | "published"): MaterialisationRecord {
    const row = this.#db.get<MaterialisationRow>("SELECT * FROM materialisations WHERE id = ?", id);
    if (row === undefined) throw unknownMaterialisationError(id);
    const m = toMaterialisationRecord(row);
    if (m.status !== "running") throw materialisationNotRunningError(m, verb);
    return m;
  }
}
