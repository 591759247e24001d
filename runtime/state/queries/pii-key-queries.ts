import type { PiiKeyStore } from "../pii-key-store.ts";
import type { PiiKeyRecord } from "../records.ts";
import { toMillis } from "../stored-values.ts";
import { toPiiKeyRecord } from "./row-mappers.ts";
import type { SqlExecutor, StateSql } from "./state-sql.ts";

/** {@link PiiKeyStore} over the query layer: one row (`id = 1`) in `pii_key`. */
export function piiKeyQueries(s: StateSql): PiiKeyStore {
  async function current(db: SqlExecutor): Promise<PiiKeyRecord | undefined> {
    const row = await db.first(s.db.selectFrom("pii_key").select(["fingerprint", "recorded_at", "previous_fingerprint"]).where("id", "=", 1));
    return row === undefined ? undefined : toPiiKeyRecord(row);
  }
  return {
    piiKeyFingerprint: () => current(s),

    async recordPiiKeyFingerprint(fingerprint: string, at: Date): Promise<PiiKeyRecord> {
      const ms = toMillis(at, "PII key fingerprint time");
      return s.write(async (tx) => {
        await tx.run(s.db.insertInto("pii_key").values({ id: 1, fingerprint, recorded_at: ms }).onConflict((oc) => oc.column("id").doNothing()));
        return (await current(tx)) as PiiKeyRecord;
      });
    },

    async rotatePiiKeyFingerprint(fingerprint: string, at: Date): Promise<PiiKeyRecord> {
      const ms = toMillis(at, "PII key rotation time");
      return s.write(async (tx) => {
        await tx.run(
          s.db
            .insertInto("pii_key")
            .values({ id: 1, fingerprint, recorded_at: ms })
            .onConflict((oc) =>
              oc
                .column("id")
                .doUpdateSet((eb) => ({ previous_fingerprint: eb.ref("pii_key.fingerprint"), fingerprint: eb.ref("excluded.fingerprint"), recorded_at: eb.ref("excluded.recorded_at") }))
                .whereRef("pii_key.fingerprint", "<>", "excluded.fingerprint"),
            ),
        );
        return (await current(tx)) as PiiKeyRecord;
      });
    },
  };
}
