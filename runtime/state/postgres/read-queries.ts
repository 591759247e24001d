import type { CheckResultRecord, LoadedFile, MaterialisationRecord, ProfileRecord, PublishedVersion } from "../records.ts";
import type { SqlRunner } from "./postgres-connection.ts";
import {
  toCheckResultRecord,
  toLoadedFile,
  toMaterialisationRecord,
  toProfileRecord,
  toPublishedVersion,
  type CheckResultRow,
  type LoadedFileRow,
  type MaterialisationRow,
  type ProfileRow,
} from "./row-mappers.ts";

/**
 * The read side of the PostgreSQL state store: single statements, so each sees one consistent
 * snapshot (a reader never sees half of a publish). Limits are checked by the caller; `null`
 * means no limit (`LIMIT NULL`).
 */

export async function publishedVersions(db: SqlRunner, asset: string, partitions?: readonly string[]): Promise<PublishedVersion[]> {
  const select = "SELECT m.* FROM published p JOIN materialisations m ON m.id = p.materialisation_id WHERE p.asset = $1";
  const rows = partitions === undefined
    ? await db.rows<MaterialisationRow>(`${select} ORDER BY p.partition_key`, [asset])
    : await db.rows<MaterialisationRow>(`${select} AND p.partition_key = ANY($2::text[]) ORDER BY p.partition_key`, [asset, partitions]);
  return rows.map(toPublishedVersion);
}

export async function materialisationHistory(db: SqlRunner, asset: string, limit: number | null, partition: string | undefined): Promise<MaterialisationRecord[]> {
  const rows = partition === undefined
    ? await db.rows<MaterialisationRow>("SELECT * FROM materialisations WHERE asset = $1 ORDER BY id DESC LIMIT $2", [asset, limit])
    : await db.rows<MaterialisationRow>("SELECT * FROM materialisations WHERE asset = $1 AND partition_key = $2 ORDER BY id DESC LIMIT $3", [asset, partition, limit]);
  return rows.map(toMaterialisationRecord);
}

export async function latestMaterialisations(db: SqlRunner, assets: readonly string[]): Promise<Map<string, MaterialisationRecord>> {
  const rows = await db.rows<MaterialisationRow>("SELECT DISTINCT ON (asset) * FROM materialisations WHERE asset = ANY($1::text[]) ORDER BY asset, id DESC", [assets]);
  return new Map(rows.map((row) => [row.asset, toMaterialisationRecord(row)]));
}

/** See `SqliteStateStore.publishedRowCounts` for the rules; the same query. */
export async function publishedRowCounts(db: SqlRunner, asset: string, limit: number, excludePartition: string | undefined): Promise<{ partition: string; rows: number; publishedAt: Date }[]> {
  const rows = await db.rows<{ partition_key: string; row_count: number | null; published_at: number }>(
    `SELECT partition_key, row_count, published_at FROM (
       SELECT id, partition_key, row_count, published_at,
              row_number() OVER (PARTITION BY partition_key ORDER BY published_at DESC, id DESC) AS newest
       FROM materialisations
       WHERE asset = $1 AND status IN ('published', 'superseded') AND ($2::text IS NULL OR partition_key <> $2::text)
     ) versions
     WHERE newest = 1 OR partition_key = ''
     ORDER BY partition_key DESC, published_at DESC, id DESC
     LIMIT $3`,
    [asset, excludePartition ?? null, limit],
  );
  return rows.map((row) => ({ partition: row.partition_key, rows: row.row_count ?? 0, publishedAt: new Date(row.published_at) }));
}

export async function checkResults(db: SqlRunner, asset: string, materialisationId: number | undefined, partition: string | undefined): Promise<CheckResultRecord[]> {
  // $2 is the partition or NULL for any; $3 the materialisation or NULL for the newest checked one.
  const rows = await db.rows<CheckResultRow>(
    `SELECT * FROM check_results
     WHERE asset = $1 AND ($2::text IS NULL OR partition_key = $2::text)
       AND materialisation_id = coalesce($3::bigint,
         (SELECT max(materialisation_id) FROM check_results WHERE asset = $1 AND ($2::text IS NULL OR partition_key = $2::text)))
     ORDER BY id`,
    [asset, partition ?? null, materialisationId ?? null],
  );
  return rows.map(toCheckResultRecord);
}

export async function latestProfile(db: SqlRunner, asset: string, partition: string | undefined): Promise<ProfileRecord | undefined> {
  const row = partition === undefined
    ? await db.row<ProfileRow>("SELECT * FROM profiles WHERE asset = $1 ORDER BY materialisation_id DESC LIMIT 1", [asset])
    : await db.row<ProfileRow>("SELECT * FROM profiles WHERE asset = $1 AND partition_key = $2 ORDER BY materialisation_id DESC LIMIT 1", [asset, partition]);
  return row === undefined ? undefined : toProfileRecord(row);
}

/** Known files among `files`, in the order asked, each once. */
export async function loadedFiles(db: SqlRunner, source: string, files: readonly { readonly path: string; readonly sha256: string }[]): Promise<LoadedFile[]> {
  const rows = await db.rows<LoadedFileRow>(
    `SELECT l.* FROM (SELECT min(position) AS position, file_path, file_sha256
                      FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS f (file_path, file_sha256, position)
                      GROUP BY file_path, file_sha256) f
     JOIN loaded_files l ON l.source = $1 AND l.path = f.file_path AND l.sha256 = f.file_sha256
     ORDER BY f.position`,
    [source, files.map((f) => f.path), files.map((f) => f.sha256)],
  );
  return rows.map(toLoadedFile);
}
