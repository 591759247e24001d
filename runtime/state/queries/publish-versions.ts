import { sql } from "kysely";
import type { MaterialisationRecord } from "../records.ts";
import { materialisationNotRunningError, unknownMaterialisationError } from "../state-errors.ts";
import { isStoredId } from "../stored-values.ts";
import type { VersionStore } from "../version-store.ts";
import { toMaterialisationRecord } from "./row-mappers.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { SqlExecutor, StateSql } from "./state-sql.ts";

const lockedMaterialisations = preparedQuery((s, v: { ids: unknown }) =>
  s.lockRows(s.db.selectFrom("materialisations").selectAll().where("id", "in", s.listOf<number>(v.ids, "bigint")).orderBy("id"), "update"),
);
const pointPublished = preparedQuery((s, v: { asset: string; partition: string; id: number }) =>
  s.db
    .insertInto("published")
    .values({ asset: v.asset, partition_key: v.partition, materialisation_id: v.id })
    .onConflict((oc) => oc.columns(["asset", "partition_key"]).doUpdateSet((eb) => ({ materialisation_id: eb.ref("excluded.materialisation_id") }))),
);
/**
 * Supersedes the version published in the (asset, partition). `status || ''` keeps SQLite's
 * planner on the (asset, partition) index: without statistics it would otherwise pick the status
 * index and read every published version of every asset.
 */
const supersedePublished = preparedQuery((s, v: { asset: string; partition: string }) =>
  s.db
    .updateTable("materialisations")
    .set({ status: "superseded" })
    .where("asset", "=", v.asset)
    .where("partition_key", "=", v.partition)
    .where(sql<string>`status || ''`, "=", "published"),
);
/** Keeps `published_summary` in step: `added` is 1 when the partition is newly published, else 0. */
const countPublished = preparedQuery((s, v: { asset: string; publishedAt: number; added: number }) =>
  s.db
    .insertInto("published_summary")
    .values({ asset: v.asset, published_partitions: 1, last_published_at: v.publishedAt })
    .onConflict((oc) =>
      oc.column("asset").doUpdateSet((eb) => ({
        published_partitions: eb("published_summary.published_partitions", "+", v.added),
        last_published_at: sql<number>`CASE WHEN excluded.last_published_at > published_summary.last_published_at THEN excluded.last_published_at ELSE published_summary.last_published_at END`,
      })),
    ),
);
const writeOutcome = preparedQuery(
  (s, v: { id: number; status: string; rows: number; bytes: number; files: string; digests: string; timings: string; publishedAt: number }) =>
    s.db
      .updateTable("materialisations")
      .set({ status: v.status, row_count: v.rows, byte_count: v.bytes, files: v.files, file_digests: v.digests, timings: v.timings, published_at: v.publishedAt, finished_at: v.publishedAt })
      .where("id", "=", v.id),
);

/** One item of `VersionStore.publish`, with rows, bytes and digests already checked. */
export type PublishItem = Parameters<VersionStore["publish"]>[0][number];

/**
 * The body of `publish`, inside one write transaction; it ends as if the items were published
 * one after another, in order. On SQLite the transaction holds the database (`BEGIN IMMEDIATE`),
 * so the steps below simply run in turn; on PostgreSQL (read committed) their order is the lock
 * order that lets publishers of the same partitions, in any process, take turns without deadlock:
 *
 * 1. Lock the materialisations (`FOR NO KEY UPDATE`, by id) and check, in item order, that each is known
 *    and `running` (an item repeated in the batch counts as already published). Any failure
 *    throws, and the caller rolls everything back.
 * 2. For each (asset, partition), in one fixed order so that concurrent batches cannot deadlock,
 *    point `published` at the batch's last item for it. The upsert locks that row (or the new key
 *    in the primary-key index) until commit, so publishers of the same partition, in any process,
 *    take turns. Then supersede whatever is `published` there: under read committed this
 *    statement sees the version the previous holder of the lock committed. Then count it in
 *    `published_summary`.
 * 3. Write each item's outcome: `published`, or `superseded` for an item a later item of the same
 *    batch replaces.
 */
export async function publishVersions(s: StateSql, tx: SqlExecutor, items: readonly PublishItem[], publishedAt: number): Promise<void> {
  if (items.length === 0) return;
  const ids = [...new Set(items.map((item) => item.id).filter(isStoredId))];
  const rows = await tx.rows(lockedMaterialisations(s, { ids: s.listParameter(ids) }));
  const found = new Map(rows.map((row) => [row.id, toMaterialisationRecord(row)]));
  const seen = new Set<number>();
  const lastByPartition = new Map<string, MaterialisationRecord>();
  for (const item of items) {
    const m = found.get(item.id);
    if (m === undefined) throw unknownMaterialisationError(item.id);
    if (seen.has(item.id)) throw materialisationNotRunningError({ ...m, status: "published" }, "published");
    if (m.status !== "running") throw materialisationNotRunningError(m, "published");
    seen.add(item.id);
    lastByPartition.set(partitionKey(m), m);
  }

  const partitions = [...lastByPartition.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, m] of partitions) {
    await tx.run(pointPublished(s, { asset: m.asset, partition: m.partition, id: m.id }));
    const replaced = await tx.run(supersedePublished(s, { asset: m.asset, partition: m.partition }));
    await tx.run(countPublished(s, { asset: m.asset, publishedAt, added: replaced === 0 ? 1 : 0 }));
  }

  for (const item of items) {
    const m = found.get(item.id) as MaterialisationRecord;
    const status = lastByPartition.get(partitionKey(m))?.id === item.id ? "published" : "superseded";
    await tx.run(
      writeOutcome(s, {
        id: item.id,
        status,
        rows: item.rows,
        bytes: item.bytes,
        files: JSON.stringify(item.files),
        digests: JSON.stringify(item.digests ?? []),
        timings: JSON.stringify(item.timings),
        publishedAt,
      }),
    );
  }
}

/** A map key for (asset, partition); sorting these gives every transaction the same lock order. */
function partitionKey(m: MaterialisationRecord): string {
  return `${m.asset}\u0000${m.partition}`;
}
