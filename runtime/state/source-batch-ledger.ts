/**
 * One batch a database or API source extracted: its identity is its range of the source's
 * cursor (incremental) or its content (snapshot), so a retried run finds the batch it already
 * extracted and lands the same rows under the same batch id instead of extracting them again.
 */
export interface SourceBatch {
  readonly source: string;
  /** Derived from the source and the batch's range (or content): the `_batch_id` its rows land with. */
  readonly batchId: string;
  readonly mode: "incremental" | "snapshot";
  /** The exclusive lower bound of the cursor the batch read (the previous high watermark less the lookback); undefined for the first batch and for snapshots. */
  readonly lowMark: string | undefined;
  /** The newest cursor value in the batch, as the database prints it: the source's high watermark once recorded; undefined for snapshots. */
  readonly highMark: string | undefined;
  readonly rows: number;
  /** SHA-256 of the batch file as extracted (PII already treated). */
  readonly sha256: string;
  /** When the batch was extracted: its rows' `_loaded_at`. */
  readonly extractedAt: Date;
}

/**
 * The batches each extracting source (PostgreSQL, HTTP) has landed, oldest first. The high
 * watermark of an incremental source is the `highMark` of its newest batch: recording a batch
 * is what advances it, in the same step that makes the batch part of the source.
 */
export interface SourceBatchLedger {
  /**
   * Records a batch after its file is complete. A batch already known (same source and batch
   * id) is kept as it was and returned, so a retry keeps the first extraction time.
   */
  recordSourceBatch(batch: SourceBatch): Promise<SourceBatch>;
  /** The batches of `source`, in the order they were recorded. */
  sourceBatches(source: string): Promise<SourceBatch[]>;
}
