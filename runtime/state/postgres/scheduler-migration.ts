/** Migration 2 of the PostgreSQL schema: what the scheduler keeps. */
export const SCHEDULER_MIGRATION_SQL = `
  CREATE TABLE launches (
    asset text COLLATE "C" NOT NULL,
    partition_key text COLLATE "C" NOT NULL,
    run_trigger text NOT NULL,
    slot text NOT NULL,
    attempt integer NOT NULL,
    tick_id text NOT NULL,
    claimed_at bigint NOT NULL,
    PRIMARY KEY (asset, partition_key, run_trigger, slot, attempt)
  );
  CREATE INDEX launches_by_claimed_at ON launches (claimed_at);
  CREATE TABLE decisions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tick_id text NOT NULL,
    asset text COLLATE "C" NOT NULL,
    partition_key text COLLATE "C" NOT NULL,
    decided_at bigint NOT NULL,
    action text NOT NULL,
    run_trigger text NOT NULL,
    reason text NOT NULL
  );
  CREATE INDEX decisions_by_asset ON decisions (asset, partition_key, id);
  CREATE INDEX decisions_by_time ON decisions (decided_at);
  CREATE TABLE scheduler_cursor (name text PRIMARY KEY, at bigint NOT NULL);
  CREATE TABLE alert_levels (alert_id text PRIMARY KEY, level text NOT NULL, changed_at bigint NOT NULL);
  CREATE TABLE published_summary (asset text COLLATE "C" PRIMARY KEY, published_partitions bigint NOT NULL, last_published_at bigint NOT NULL);
  INSERT INTO published_summary (asset, published_partitions, last_published_at)
    SELECT p.asset, count(*), max(m.published_at) FROM published p JOIN materialisations m ON m.id = p.materialisation_id GROUP BY p.asset;
  CREATE INDEX materialisations_by_published_at ON materialisations (published_at) WHERE published_at IS NOT NULL;
  CREATE INDEX materialisations_failed_by_finished_at ON materialisations (finished_at) WHERE status = 'failed';
`;
