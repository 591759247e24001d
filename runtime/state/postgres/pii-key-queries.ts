import type { PiiKeyRecord } from "../records.ts";
import { toPiiKeyRecord, type PiiKeyRow } from "../pii-key-row.ts";
import { toMillis } from "../stored-values.ts";
import type { PostgresConnection, SqlRunner } from "./postgres-connection.ts";

const SELECT = "SELECT fingerprint, recorded_at, previous_fingerprint FROM pii_key WHERE id = 1";

async function current(db: SqlRunner): Promise<PiiKeyRecord | undefined> {
  const row = await db.row<PiiKeyRow>(SELECT);
  return row === undefined ? undefined : toPiiKeyRecord(row);
}

/** The PII key fingerprint in PostgreSQL: one row (`id = 1`) in `pii_key`. */
export const piiKeyQueries = {
  current,

  async record(db: PostgresConnection, fingerprint: string, at: Date): Promise<PiiKeyRecord> {
    const ms = toMillis(at, "PII key fingerprint time");
    return db.write(async (tx) => {
      await tx.run("INSERT INTO pii_key (id, fingerprint, recorded_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING", [fingerprint, ms]);
      return (await current(tx)) as PiiKeyRecord;
    });
  },

  async rotate(db: PostgresConnection, fingerprint: string, at: Date): Promise<PiiKeyRecord> {
    const ms = toMillis(at, "PII key rotation time");
    return db.write(async (tx) => {
      await tx.run(
        `INSERT INTO pii_key (id, fingerprint, recorded_at) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET previous_fingerprint = pii_key.fingerprint, fingerprint = excluded.fingerprint, recorded_at = excluded.recorded_at
         WHERE pii_key.fingerprint <> excluded.fingerprint`,
        [fingerprint, ms],
      );
      return (await current(tx)) as PiiKeyRecord;
    });
  },
};
