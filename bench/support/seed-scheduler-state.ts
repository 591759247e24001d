import type Database from "better-sqlite3";

/** The shape of the seeded history. */
export interface SeedShape {
  readonly assets: number;
  readonly days: number;
  readonly runs: number;
  /** Milliseconds of the last seeded day's end (UTC midnight). */
  readonly lastDayEnd: number;
  readonly keyOf: (index: number) => string;
}

/**
 * Fills a migrated SQLite state database with `runs` finished runs and one published version of
 * every daily partition of every asset (assets × days materialisations and pointers), generated
 * in SQL so that millions of rows take seconds.
 */
export function seedSqliteState(db: Database.Database, shape: SeedShape): void {
  const day = 86_400_000;
  const firstDay = shape.lastDayEnd - shape.days * day;
  db.exec("PRAGMA synchronous = OFF");
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
       INSERT INTO runs (id, selection, run_trigger, status, started_at, finished_at, heartbeat_at, pid, host, summary)
       SELECT 'run-' || CAST(i AS INTEGER), '*', 'schedule', 'succeeded', ? + i * 10, ? + i * 10 + 5, ? + i * 10 + 5, 1, 'seed', '{}' FROM s`,
    ).run(shape.runs, firstDay, firstDay, firstDay);
    db.exec("CREATE TEMP TABLE seed_keys (i INTEGER PRIMARY KEY, asset TEXT NOT NULL)");
    const insertKeys = db.prepare("INSERT INTO seed_keys (i, asset) VALUES (?, ?)");
    for (let i = 0; i < shape.assets; i++) insertKeys.run(i, shape.keyOf(i));
    db.prepare(
      `WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < ? - 1)
       INSERT INTO materialisations (run_id, asset, partition_key, version, fingerprint, status, started_at, finished_at, published_at, row_count, byte_count, files, reason, timings)
       SELECT 'run-' || CAST(((k.i * ? + d.n) % ?) + 1 AS INTEGER), k.asset, strftime('%Y-%m-%d', (? + d.n * ?) / 1000, 'unixepoch'), 'v-seed-' || k.i || '-' || d.n, 'seed',
              'published', ? + (d.n + 1) * ?, ? + (d.n + 1) * ? + 1000, ? + (d.n + 1) * ? + 1000, 100, 1000, '[]', NULL, '{}'
       FROM seed_keys k CROSS JOIN d`,
    ).run(shape.days, shape.days, shape.runs, firstDay, day, firstDay, day, firstDay, day, firstDay, day);
    db.exec(`INSERT INTO published (asset, partition_key, materialisation_id) SELECT asset, partition_key, id FROM materialisations`);
    db.exec(`INSERT INTO published_summary (asset, published_partitions, last_published_at) SELECT asset, count(*), max(published_at) FROM materialisations GROUP BY asset`);
  })();
  db.exec("PRAGMA synchronous = NORMAL");
}

/** The same history on PostgreSQL, generated server-side with `generate_series`. */
export async function seedPostgresState(client: { query(sql: string, params?: unknown[]): Promise<unknown> }, shape: SeedShape): Promise<void> {
  const day = 86_400_000;
  const firstDay = shape.lastDayEnd - shape.days * day;
  await client.query("SET synchronous_commit = off");
  await client.query(
    `INSERT INTO runs (id, selection, run_trigger, status, started_at, finished_at, heartbeat_at, pid, host, summary)
     SELECT 'run-' || i, '*', 'schedule', 'succeeded', $2::bigint + i * 10, $2::bigint + i * 10 + 5, $2::bigint + i * 10 + 5, 1, 'seed', '{}' FROM generate_series(1, $1::int) AS i`,
    [shape.runs, firstDay],
  );
  await client.query("CREATE TEMP TABLE seed_keys (i int PRIMARY KEY, asset text COLLATE \"C\" NOT NULL)");
  await client.query("INSERT INTO seed_keys (i, asset) SELECT i, a FROM unnest($1::text[]) WITH ORDINALITY AS t(a, i)", [Array.from({ length: shape.assets }, (_, i) => shape.keyOf(i))]);
  await client.query(
    `INSERT INTO materialisations (run_id, asset, partition_key, version, fingerprint, status, started_at, finished_at, published_at, row_count, byte_count)
     SELECT 'run-' || (((k.i * $1::int + d) % $2::int) + 1), k.asset, to_char(to_timestamp(($3::bigint + d * $4::bigint) / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'v-seed-' || k.i || '-' || d, 'seed',
            'published', $3::bigint + (d + 1) * $4::bigint, $3::bigint + (d + 1) * $4::bigint + 1000, $3::bigint + (d + 1) * $4::bigint + 1000, 100, 1000
     FROM seed_keys k CROSS JOIN generate_series(0, $1::int - 1) AS d`,
    [shape.days, shape.runs, firstDay, day],
  );
  await client.query("INSERT INTO published (asset, partition_key, materialisation_id) SELECT asset, partition_key, id FROM materialisations");
  await client.query("INSERT INTO published_summary (asset, published_partitions, last_published_at) SELECT asset, count(*), max(published_at) FROM materialisations GROUP BY asset");
  await client.query("ANALYZE");
}
