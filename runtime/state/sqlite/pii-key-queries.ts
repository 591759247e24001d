import type { PiiKeyRecord } from "../records.ts";
import { toPiiKeyRecord, type PiiKeyRow } from "../pii-key-row.ts";
import { toMillis } from "../stored-values.ts";
import type { SqliteConnection } from "./sqlite-connection.ts";

/** The PII key fingerprint in SQLite: one row (`id = 1`) in `pii_key`. */
export const piiKeyQueries = {
  current(db: SqliteConnection): PiiKeyRecord | undefined {
    const row = db.get<PiiKeyRow>("SELECT fingerprint, recorded_at, previous_fingerprint FROM pii_key WHERE id = 1");
    return row === undefined ? undefined : toPiiKeyRecord(row);
  },

  record(db: SqliteConnection, fingerprint: string, at: Date): PiiKeyRecord {
    const ms = toMillis(at, "PII key fingerprint time");
    return db.write(() => {
      db.run("INSERT INTO pii_key (id, fingerprint, recorded_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING", fingerprint, ms);
      return piiKeyQueries.current(db) as PiiKeyRecord;
    });
  },

  rotate(db: SqliteConnection, fingerprint: string, at: Date): PiiKeyRecord {
    const ms = toMillis(at, "PII key rotation time");
    return db.write(() => {
      db.run(
        `INSERT INTO pii_key (id, fingerprint, recorded_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET previous_fingerprint = pii_key.fingerprint, fingerprint = excluded.fingerprint, recorded_at = excluded.recorded_at
         WHERE pii_key.fingerprint <> excluded.fingerprint`,
        fingerprint, ms,
      );
      return piiKeyQueries.current(db) as PiiKeyRecord;
    });
  },
};
