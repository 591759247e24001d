/**
 * Where data files live: a flat namespace of immutable objects under keys such as
 * `clean/orders/dt=2024-01-01/v-0b3f.parquet`. Visibility is not the store's business: a file
 * is visible only once the state store publishes the version that lists it (write-audit-publish).
 * Backends: the local filesystem (embedded default), S3, GCS.
 */
export interface ObjectStore {
  readonly kind: "local" | "s3" | "gcs";
  /** A location engines can read `key` from: a local path, or a URL for remote stores. */
  locationOf(key: string): string;
  /**
   * A local path an engine may write `key` to before `commit(key)`; for the local store it is
   * the final path, for remote stores a scratch file uploaded by `commit`.
   */
  writePathOf(key: string): Promise<string>;
  /** Makes a file written at `writePathOf(key)` durable in the store; returns its size and SHA-256 (hex). */
  commit(key: string): Promise<{ readonly bytes: number; readonly sha256: string }>;
  /** The size of `key` in bytes, cheaply (no read); undefined when there is no such file. */
  sizeOf(key: string): Promise<number | undefined>;
  /** The size and SHA-256 (hex) of `key`, reading it whole; undefined when there is no such file. */
  digestOf(key: string): Promise<{ readonly bytes: number; readonly sha256: string } | undefined>;
  /** When `key` was last written; undefined when there is no such file. */
  modifiedAt(key: string): Promise<Date | undefined>;
  /** Keys below `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  delete(keys: readonly string[]): Promise<void>;
}
