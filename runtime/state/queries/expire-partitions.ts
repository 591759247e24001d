import { sql } from "kysely";
import type { ExpiredPartitions } from "../records.ts";
import { toMillis } from "../stored-values.ts";
import { byCodePoint, toMaterialisationRecord } from "./row-mappers.ts";
import type { StateSql } from "./state-sql.ts";

/**
 * `VersionStore.expirePartitions`, in one write transaction. Lock order as in
 * `publish-versions.ts`: the `published` rows of the partitions first (locked in partition order,
 * then deleted, so a concurrent publisher of the same partition waits, then inserts a fresh row
 * and publishes after the expiry), then the materialisations they pointed at, then the summary.
 * Returns the expired versions, by partition, and the files of every finished materialisation of
 * those partitions.
 */
export async function expirePartitions(s: StateSql, asset: string, partitions: readonly string[], at: Date, reason: string): Promise<ExpiredPartitions> {
  const finishedAt = toMillis(at, `Asset "${asset}": expiry time`);
  const keys = [...new Set(partitions)].sort();
  return s.write(async (tx) => {
    const published = await tx.rows(
      s.lockRows(s.db.selectFrom("published").selectAll().where("asset", "=", asset).where("partition_key", "in", s.list(keys, "text")).orderBy("partition_key"), "delete"),
    );
    if (published.length === 0) return { expired: [], files: [] };
    const expiredKeys = published.map((p) => p.partition_key);
    await tx.run(s.db.deleteFrom("published").where("asset", "=", asset).where("partition_key", "in", s.list(expiredKeys, "text")));
    const expired = await tx.rows(
      s.db
        .updateTable("materialisations")
        .set({ status: "expired", finished_at: finishedAt, reason: s.storedText(reason) })
        .where("id", "in", s.list(published.map((p) => p.materialisation_id), "bigint"))
        .returningAll(),
    );
    expired.sort((a, b) => (a.partition_key < b.partition_key ? -1 : a.partition_key > b.partition_key ? 1 : 0));
    await tx.run(
      s.db
        .updateTable("published_summary")
        .set({ published_partitions: sql<number>`CASE WHEN published_partitions > ${published.length} THEN published_partitions - ${published.length} ELSE 0 END` })
        .where("asset", "=", asset),
    );
    const rows = await tx.rows(
      s.db.selectFrom("materialisations").select("files").where("asset", "=", asset).where("partition_key", "in", s.list(expiredKeys, "text")).where("status", "<>", "running"),
    );
    const files = new Set(rows.flatMap((r) => (typeof r.files === "string" ? (JSON.parse(r.files) as string[]) : r.files)));
    return { expired: expired.map(toMaterialisationRecord), files: [...files].sort(byCodePoint) };
  });
}
