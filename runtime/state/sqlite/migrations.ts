import type Database from "better-sqlite3";
import { StateStoreError } from "../state-errors.ts";

/** One step of the SQLite state schema; applied once, in `version` order, never edited after release. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/**
 * The SQLite state schema, oldest first. Timestamps are integer milliseconds since the epoch,
 * JSON fields are TEXT. Add new steps at the end; never change a released one.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: "runs, materialisations, published versions, check results, profiles, loaded files",
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        selection TEXT NOT NULL,
        run_trigger TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        heartbeat_at INTEGER NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        summary TEXT
      );
      CREATE INDEX runs_by_started_at ON runs (started_at);
      CREATE INDEX runs_by_status ON runs (status);

      CREATE TABLE materialisations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL REFERENCES runs (id),
        asset TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        version TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        published_at INTEGER,
        row_count INTEGER,
        byte_count INTEGER,
        files TEXT NOT NULL DEFAULT '[]',
        reason TEXT,
        timings TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX materialisations_by_partition ON materialisations (asset, partition_key, id);
      CREATE INDEX materialisations_by_asset ON materialisations (asset, id);
      CREATE INDEX materialisations_by_status ON materialisations (status);

      CREATE TABLE published (
        asset TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        materialisation_id INTEGER NOT NULL REFERENCES materialisations (id),
        PRIMARY KEY (asset, partition_key)
      ) WITHOUT ROWID;

      CREATE TABLE check_results (
        id INTEGER PRIMARY KEY,
        materialisation_id INTEGER NOT NULL REFERENCES materialisations (id),
        asset TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        check_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        blocking INTEGER NOT NULL,
        status TEXT NOT NULL,
        message TEXT NOT NULL,
        metrics TEXT NOT NULL,
        failing_sample TEXT NOT NULL,
        evaluated_at INTEGER NOT NULL,
        UNIQUE (materialisation_id, check_name)
      );
      CREATE INDEX check_results_by_partition ON check_results (asset, partition_key, materialisation_id);
      CREATE INDEX check_results_by_asset ON check_results (asset, materialisation_id);

      CREATE TABLE profiles (
        materialisation_id INTEGER PRIMARY KEY REFERENCES materialisations (id),
        asset TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        row_count INTEGER NOT NULL,
        column_profiles TEXT NOT NULL,
        profiled_at INTEGER NOT NULL
      );
      CREATE INDEX profiles_by_partition ON profiles (asset, partition_key, materialisation_id);
      CREATE INDEX profiles_by_asset ON profiles (asset, materialisation_id);

      CREATE TABLE loaded_files (
        source TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        byte_count INTEGER NOT NULL,
        batch_id TEXT NOT NULL,
        loaded_at INTEGER NOT NULL,
        PRIMARY KEY (source, path, sha256)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: "scheduler: launch claims, decisions, cursor, alert levels, per-asset publish summary",
    sql: `
      CREATE TABLE launches (
        asset TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        run_trigger TEXT NOT NULL,
        slot TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        tick_id TEXT NOT NULL,
        claimed_at INTEGER NOT NULL,
        PRIMARY KEY (asset, partition_key, run_trigger, slot, attempt)
      ) WITHOUT ROWID;
      CREATE INDEX launches_by_claimed_at ON launches (claimed_at);

      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        tick_id TEXT NOT NULL,
        asset TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        decided_at INTEGER NOT NULL,
        action TEXT NOT NULL,
        run_trigger TEXT NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE INDEX decisions_by_asset ON decisions (asset, partition_key, id);
      CREATE INDEX decisions_by_time ON decisions (decided_at);

      CREATE TABLE scheduler_cursor (name TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;

      CREATE TABLE alert_levels (alert_id TEXT PRIMARY KEY, level TEXT NOT NULL, changed_at INTEGER NOT NULL) WITHOUT ROWID;

      CREATE TABLE published_summary (
        asset TEXT PRIMARY KEY,
        published_partitions INTEGER NOT NULL,
        last_published_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO published_summary (asset, published_partitions, last_published_at)
        SELECT p.asset, count(*), max(m.published_at) FROM published p JOIN materialisations m ON m.id = p.materialisation_id GROUP BY p.asset;

      CREATE INDEX materialisations_by_published_at ON materialisations (published_at) WHERE published_at IS NOT NULL;
      CREATE INDEX materialisations_failed_by_finished_at ON materialisations (finished_at) WHERE status = 'failed';
    `,
  },
  {
    version: 3,
    description: "the fingerprint of the PII key (never the key), so that a different key is refused",
    sql: `
      CREATE TABLE pii_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        fingerprint TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        previous_fingerprint TEXT
      );
    `,
  },
  {
    version: 4,
    description: "size and SHA-256 of each published data file, so that a file changed since is detected",
    sql: `ALTER TABLE materialisations ADD COLUMN file_digests TEXT NOT NULL DEFAULT '[]';`,
  },
  {
    version: 5,
    description: "scheduler: the ticks that hold launch claims, with their liveness, so a claim of a killed tick is released",
    sql: `
      CREATE TABLE scheduler_ticks (
        tick_id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        claimed_at INTEGER NOT NULL,
        run_id TEXT,
        finished_at INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX scheduler_ticks_by_claimed_at ON scheduler_ticks (claimed_at);
      -- Claims made before this step have no known holder: done, and free to be taken over.
      INSERT INTO scheduler_ticks (tick_id, host, pid, claimed_at, run_id, finished_at)
        SELECT tick_id, '', 0, min(claimed_at), NULL, min(claimed_at) FROM launches GROUP BY tick_id;
    `,
  },
  {
    version: 6,
    description: "the run lifecycle as persisted jobs: each materialisation's phase, engine job id, and whether its job outlives the process",
    sql: `
      ALTER TABLE materialisations ADD COLUMN phase TEXT NOT NULL DEFAULT 'queued';
      ALTER TABLE materialisations ADD COLUMN job_id TEXT;
      ALTER TABLE materialisations ADD COLUMN detached INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX materialisations_in_flight ON materialisations (status, detached);
    `,
  },
  {
    version: 7,
    description: "extracting sources (PostgreSQL, HTTP): the batches each landed, whose newest high mark is the source's high watermark",
    sql: `
      CREATE TABLE source_batches (
        source TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        mode TEXT NOT NULL,
        low_mark TEXT,
        high_mark TEXT,
        row_count INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        extracted_at INTEGER NOT NULL,
        PRIMARY KEY (source, batch_id)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX source_batches_in_order ON source_batches (source, seq);
    `,
  },
];

/**
 * Brings the database up to the newest schema: each pending migration runs in its own
 * `BEGIN IMMEDIATE` transaction together with its `schema_migrations` row, so two processes
 * opening the same file at once queue up and each step is applied exactly once.
 *
 * @returns the versions this call applied (empty when the schema was already current).
 */
export function applyMigrations(db: Database.Database, steps: readonly Migration[] = migrations, now: () => Date = () => new Date()): number[] {
  assertOrdered(steps);
  db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  }).immediate();
  const applied: number[] = [];
  for (const step of steps) {
    const done = db.transaction(() => {
      if (db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?").get(step.version) !== undefined) return true;
      db.exec(step.sql);
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(step.version, now().toISOString());
      return false;
    }).immediate();
    if (!done) applied.push(step.version);
  }
  assertNotNewer(db, steps);
  return applied;
}

function assertOrdered(steps: readonly Migration[]): void {
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (!Number.isSafeInteger(step.version) || step.version < 1 || (previous !== undefined && step.version <= previous.version)) {
      throw new StateStoreError(`Migration ${step.version} ("${step.description}") is out of order. Fix: number migrations 1, 2, 3, … in the order they apply.`);
    }
  });
}

function assertNotNewer(db: Database.Database, steps: readonly Migration[]): void {
  const newest = (db.prepare("SELECT max(version) AS version FROM schema_migrations").get() as { version: number | null }).version ?? 0;
  const known = steps.at(-1)?.version ?? 0;
  if (newest > known) {
    throw new StateStoreError(`The state database has schema version ${newest}, newer than this Lakeform knows (${known}). Fix: upgrade Lakeform, or use a state database of this version.`);
  }
}
