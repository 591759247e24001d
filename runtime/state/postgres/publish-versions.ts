import type { MaterialisationRecord } from "../records.ts";
import { materialisationNotRunningError, unknownMaterialisationError } from "../state-errors.ts";
import type { StateStore } from "../state-store.ts";
import type { SqlRunner } from "./postgres-connection.ts";
import { isStoredId } from "./postgres-values.ts";
import { toMaterialisationRecord, type MaterialisationRow } from "./row-mappers.ts";
import { updatePublishedSummary } from "./scheduler-queries.ts";

/** One item of `StateStore.publish`, with rows and bytes already checked. */
export type PublishItem = Parameters<StateStore["publish"]>[0][number];

/**
 * The body of `publish`, inside one read-committed transaction; it ends as if the items were
 * published one after another, in order (as the SQLite store does):
 *
 * 1. Lock the materialisations (`FOR NO KEY UPDATE`, by id) and check, in item order, that each is known
 *    and `running` (an item repeated in the batch counts as already published). Any failure
 *    throws, and the caller rolls everything back.
 * 2. For each (asset, partition), in one fixed order so that concurrent batches cannot deadlock,
 *    point `published` at the batch's last item for it. The upsert locks that row (or the new key
 *    in the primary-key index) until commit, so publishers of the same partition, in any process,
 *    take turns. Then supersede whatever is `published` there: under read committed this
 *    statement sees the version the previous holder of the lock committed.
 * 3. Write each item's outcome: `published`, or `superseded` for an item a later item of the same
 *    batch replaces.
 */
export async function publishVersions(tx: SqlRunner, items: readonly PublishItem[], publishedAt: number): Promise<void> {
  if (items.length === 0) return;
  const rows = await tx.rows<MaterialisationRow>(
    "SELECT * FROM materialisations WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE",
    [[...new Set(items.map((item) => item.id).filter(isStoredId))]],
  );
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
    await tx.run(
      `INSERT INTO published (asset, partition_key, materialisation_id) VALUES ($1, $2, $3)
       ON CONFLICT (asset, partition_key) DO UPDATE SET materialisation_id = excluded.materialisation_id`,
      [m.asset, m.partition, m.id],
    );
    const replaced = await tx.run("UPDATE materialisations SET status = 'superseded' WHERE asset = $1 AND partition_key = $2 AND status = 'published'", [m.asset, m.partition]);
    await updatePublishedSummary(tx, m.asset, publishedAt, replaced);
  }

  for (const item of items) {
    const m = found.get(item.id) as MaterialisationRecord;
    const status = lastByPartition.get(partitionKey(m))?.id === item.id ? "published" : "superseded";
    await tx.run(
      `UPDATE materialisations SET status = $1, row_count = $2, byte_count = $3, files = $4, file_digests = $5, timings = $6, published_at = $7, finished_at = $7
       WHERE id = $8`,
      [status, item.rows, item.bytes, JSON.stringify(item.files), JSON.stringify(item.digests ?? []), JSON.stringify(item.timings), publishedAt, item.id],
    );
  }
}

/** A map key for (asset, partition); sorting these gives every transaction the same lock order. */
function partitionKey(m: MaterialisationRecord): string {
  return `${m.asset}\u0000${m.partition}`;
}
