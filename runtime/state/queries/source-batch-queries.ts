import type { SourceBatch, SourceBatchLedger } from "../source-batch-ledger.ts";
import { toCount, toMillis } from "../stored-values.ts";
import type { StateSql } from "./state-sql.ts";
import type { SourceBatchesTable } from "./state-database.ts";

function toSourceBatch(row: SourceBatchesTable): SourceBatch {
  return {
    source: row.source,
    batchId: row.batch_id,
    mode: row.mode === "snapshot" ? "snapshot" : "incremental",
    lowMark: row.low_mark ?? undefined,
    highMark: row.high_mark ?? undefined,
    rows: Number(row.row_count),
    sha256: row.sha256,
    extractedAt: new Date(Number(row.extracted_at)),
  };
}

/** {@link SourceBatchLedger} over the query layer. */
export function sourceBatchQueries(s: StateSql): SourceBatchLedger {
  return {
    async recordSourceBatch(batch: SourceBatch): Promise<SourceBatch> {
      const what = `Source "${batch.source}" batch ${batch.batchId}`;
      const rows = toCount(batch.rows, `${what} rows`);
      const extractedAt = toMillis(batch.extractedAt, `${what} extractedAt`);
      return await s.write(async (tx) => {
        const known = await tx.first(s.db.selectFrom("source_batches").selectAll().where("source", "=", batch.source).where("batch_id", "=", batch.batchId));
        if (known !== undefined) return toSourceBatch(known);
        const last = await tx.first(s.db.selectFrom("source_batches").select((eb) => eb.fn.max("seq").as("seq")).where("source", "=", batch.source));
        const seq = Number(last?.seq ?? 0) + 1;
        await tx.run(
          s.db.insertInto("source_batches").values({
            source: batch.source,
            batch_id: batch.batchId,
            seq,
            mode: batch.mode,
            low_mark: batch.lowMark ?? null,
            high_mark: batch.highMark ?? null,
            row_count: rows,
            sha256: batch.sha256,
            extracted_at: extractedAt,
          }),
        );
        return { ...batch, lowMark: batch.lowMark, highMark: batch.highMark };
      });
    },

    async sourceBatches(source: string): Promise<SourceBatch[]> {
      const rows = await s.rows(s.db.selectFrom("source_batches").selectAll().where("source", "=", source).orderBy("seq", "asc"));
      return rows.map(toSourceBatch);
    },
  };
}
