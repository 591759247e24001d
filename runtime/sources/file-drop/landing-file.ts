/** One landing file of a source, with its ledger identity. */
export interface LandingFile {
  /** Absolute path on disk. */
  readonly path: string;
  /** Path relative to the landing directory, recorded as `_source_file`. */
  readonly relativePath: string;
  readonly batchId: string;
  readonly loadedAt: Date;
}
