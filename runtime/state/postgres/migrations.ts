import { SCHEDULER_MIGRATION_SQL } from "./scheduler-migration.ts";
import { createHash } from "node:crypto";
import { escapeIdentifier } from "pg";
import { StateStoreError } from "../state-errors.ts";
import type { PostgresConnection, SqlRunner } from "./postgres-connection.ts";

/** One step of the PostgreSQL state schema; applied once, in `version` order, never edited after release. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/**
 * The PostgreSQL state schema, oldest first; the same tables and columns as the SQLite one.
 * - Timestamps are `bigint` milliseconds since the epoch, as in SQLite: every valid JS Date fits
 *   exactly and nothing depends on the session time zone (`to_timestamp(started_at / 1000.0)`
 *   shows one as a date).
 * - JSON fields are `json`, not `jsonb`: `json` keeps the text as written, so object keys keep
 *   their order (a failing-sample row prints its columns in table order) and strings may hold
 *   `\u0000` or lone surrogates, which `jsonb` refuses. No query looks inside them.
 * - Keys and names are `COLLATE "C"`, so they sort by code point like SQLite's BINARY, whatever
 *   the database's locale ("newest partition first" must not depend on it).
 *
 * Add new steps at the end; never change a released one.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: "runs, materialisations, published versions, check results, profiles, loaded files",
    sql: `
      CREATE TABLE runs (
        id text COLLATE "C" PRIMARY KEY,
        -- insertion order, to order runs started at the same millisecond (SQLite's rowid)
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        selection text NOT NULL,
        run_trigger text NOT NULL,
        status text NOT NULL,
        started_at bigint NOT NULL,
        finished_at bigint,
        heartbeat_at bigint NOT NULL,
        pid bigint NOT NULL,
        host text NOT NULL,
        summary json
      );
      CREATE INDEX runs_by_started_at ON runs (started_at, seq);
      CREATE INDEX runs_by_status ON runs (status);

      CREATE TABLE materialisations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id text COLLATE "C" NOT NULL REFERENCES runs (id),
        asset text COLLATE "C" NOT NULL,
        partition_key text COLLATE "C" NOT NULL,
        version text NOT NULL,
        fingerprint text NOT NULL,
        status text NOT NULL,
        started_at bigint NOT NULL,
        finished_at bigint,
        published_at bigint,
        row_count bigint,
        byte_count bigint,
        files json NOT NULL DEFAULT '[]',
        reason text,
        timings json NOT NULL DEFAULT '{}'
      );
      CREATE INDEX materialisations_by_partition ON materialisations (asset, partition_key, id);
      CREATE INDEX materialisations_by_asset ON materialisations (asset, id);
      CREATE INDEX materialisations_by_status ON materialisations (status);
      CREATE INDEX materialisations_by_run ON materialisations (run_id);

      CREATE TABLE published (
        asset text COLLATE "C" NOT NULL,
        partition_key text COLLATE "C" NOT NULL,
        materialisation_id bigint NOT NULL REFERENCES materialisations (id),
        PRIMARY KEY (asset, partition_key)
      );

      CREATE TABLE check_results (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        materialisation_id bigint NOT NULL REFERENCES materialisations (id),
        asset text COLLATE "C" NOT NULL,
        partition_key text COLLATE "C" NOT NULL,
        check_name text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL,
        blocking boolean NOT NULL,
        status text NOT NULL,
        message text NOT NULL,
        metrics json NOT NULL,
        failing_sample json NOT NULL,
        evaluated_at bigint NOT NULL,
        UNIQUE (materialisation_id, check_name)
      );
      CREATE INDEX check_results_by_partition ON check_results (asset, partition_key, materialisation_id);
      CREATE INDEX check_results_by_asset ON check_results (asset, materialisation_id);

      CREATE TABLE profiles (
        materialisation_id bigint PRIMARY KEY REFERENCES materialisations (id),
        asset text COLLATE "C" NOT NULL,
        partition_key text COLLATE "C" NOT NULL,
        row_count bigint NOT NULL,
        column_profiles json NOT NULL,
        profiled_at bigint NOT NULL
      );
      CREATE INDEX profiles_by_partition ON profiles (asset, partition_key, materialisation_id);
      CREATE INDEX profiles_by_asset ON profiles (asset, materialisation_id);

      CREATE TABLE loaded_files (
        source text COLLATE "C" NOT NULL,
        path text COLLATE "C" NOT NULL,
        sha256 text COLLATE "C" NOT NULL,
        byte_count bigint NOT NULL,
        batch_id text NOT NULL,
        loaded_at bigint NOT NULL,
        PRIMARY KEY (source, path, sha256)
      );
    `,
  },
  {
    version: 2,
    description: "scheduler: launch claims, decisions, cursor, alert levels, per-asset publish summary",
    sql: SCHEDULER_MIGRATION_SQL,
  },
  {
    version: 3,
    description: "the fingerprint of the PII key (never the key), so that a different key is refused",
    sql: `
      CREATE TABLE pii_key (
        id integer PRIMARY KEY CHECK (id = 1),
        fingerprint text NOT NULL,
        recorded_at bigint NOT NULL,
        previous_fingerprint text
      );
    `,
  },
  {
    version: 4,
    description: "size and SHA-256 of each published data file, so that a file changed since is detected",
    sql: `ALTER TABLE materialisations ADD COLUMN file_digests json NOT NULL DEFAULT '[]';`,
  },
  {
    version: 5,
    description: "scheduler: the ticks that hold launch claims, with their liveness, so a claim of a killed tick is released",
    sql: `
      CREATE TABLE scheduler_ticks (
        tick_id text PRIMARY KEY,
        host text NOT NULL,
        pid integer NOT NULL,
        claimed_at bigint NOT NULL,
        run_id text COLLATE "C",
        finished_at bigint
      );
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
      ALTER TABLE materialisations ADD COLUMN phase text NOT NULL DEFAULT 'queued';
      ALTER TABLE materialisations ADD COLUMN job_id text;
      ALTER TABLE materialisations ADD COLUMN detached boolean NOT NULL DEFAULT false;
      CREATE INDEX materialisations_in_flight ON materialisations (status, detached);
    `,
  },
  {
    version: 7,
    description: "extracting sources (PostgreSQL, HTTP): the batches each landed, whose newest high mark is the source's high watermark",
    sql: `
      CREATE TABLE source_batches (
        source text COLLATE "C" NOT NULL,
        batch_id text COLLATE "C" NOT NULL,
        seq bigint NOT NULL,
        mode text NOT NULL,
        low_mark text,
        high_mark text,
        row_count bigint NOT NULL,
        sha256 text NOT NULL,
        extracted_at bigint NOT NULL,
        PRIMARY KEY (source, batch_id)
      );
      CREATE UNIQUE INDEX source_batches_in_order ON source_batches (source, seq);
    `,
  },
];

/** Options of {@link applyMigrations}. */
export interface ApplyMigrationsOptions {
  /** The schema the connection's `search_path` points at; created if missing. @default the connection's current schema (usually `public`), not created */
  readonly schema?: string;
  /** @default {@link migrations} */
  readonly steps?: readonly Migration[];
  /** @default the system clock */
  readonly now?: () => Date;
}

/**
 * Brings the schema up to the newest version: each pending migration runs in its own
 * transaction together with its `schema_migrations` row, under a transaction-level advisory lock
 * (`pg_advisory_xact_lock`) on the schema name, so processes opening the same schema at once
 * queue up and each step is applied exactly once. A failing step rolls back completely.
 *
 * @returns the versions this call applied (empty when the schema was already current).
 */
export async function applyMigrations(db: PostgresConnection, options: ApplyMigrationsOptions = {}): Promise<number[]> {
  const steps = options.steps ?? migrations;
  const now = options.now ?? (() => new Date());
  assertOrdered(steps);
  const lockKey = migrationLockKey(options.schema);
  await db.write(async (tx) => {
    await tx.run("SELECT pg_advisory_xact_lock($1::bigint)", [lockKey]);
    if (options.schema !== undefined) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(options.schema)}`);
    await tx.run("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)");
  });
  const applied: number[] = [];
  for (const step of steps) {
    const appliedNow = await db.write(async (tx) => {
      await tx.run("SELECT pg_advisory_xact_lock($1::bigint)", [lockKey]);
      if ((await tx.row("SELECT 1 FROM schema_migrations WHERE version = $1", [step.version])) !== undefined) return false;
      await tx.run(step.sql);
      await tx.run("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [step.version, now().toISOString()]);
      return true;
    });
    if (appliedNow) applied.push(step.version);
  }
  await assertNotNewer(db, steps);
  return applied;
}

/** A 64-bit advisory-lock key from the schema name, so different schemas migrate independently. */
function migrationLockKey(schema: string | undefined): string {
  return createHash("sha256").update(`lakeform/state/migrations/${schema ?? ""}`).digest().readBigInt64BE(0).toString();
}

function assertOrdered(steps: readonly Migration[]): void {
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (!Number.isSafeInteger(step.version) || step.version < 1 || (previous !== undefined && step.version <= previous.version)) {
      throw new StateStoreError(`Migration ${step.version} ("${step.description}") is out of order. Fix: number migrations 1, 2, 3, … in the order they apply.`);
    }
  });
}

async function assertNotNewer(db: SqlRunner, steps: readonly Migration[]): Promise<void> {
  const newest = (await db.row<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations"))?.version ?? 0;
  const known = steps.at(-1)?.version ?? 0;
  if (newest > known) {
    throw new StateStoreError(`The state database has schema version ${newest}, newer than this Lakeform knows (${known}). Fix: upgrade Lakeform, or use a state database of this version.`);
  }
}
