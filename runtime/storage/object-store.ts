import type { DataLocation } from "./data-location.ts";

/** One page of a listing: at most `limit` keys, those sorting after `after`. */
export interface ListPage {
  /** The last key of the previous page; the listing starts after it. @default - from the first key */
  readonly after?: string;
  /** At most this many keys. @default - every key */
  readonly limit?: number;
}

/**
 * Where data files live: a flat namespace of immutable objects under keys such as
 * `clean/orders/dt=2024-01-01/v-0b3f.parquet`. Visibility is not the store's business: a file
 * is visible only once the state store publishes the version that lists it (write-audit-publish).
 * Backends: the local filesystem (embedded default), S3, GCS — each passing the contract suite
 * in `test/storage/object-store-contract.ts`.
 */
export interface ObjectStore {
  readonly kind: "local" | "s3" | "gcs";
  /** Where engines read `key` from: a `file://` location locally, `s3://…` or `gs://…` remotely. */
  locationOf(key: string): DataLocation;
  /**
   * A local path a writer may write `key` to before `commit(key)`; for the local store it is
   * the final path, for remote stores a scratch file uploaded by `commit`.
   */
  writePathOf(key: string): Promise<string>;
  /** Makes a file written at `writePathOf(key)` durable in the store; returns its size and SHA-256 (hex). */
  commit(key: string): Promise<{ readonly bytes: number; readonly sha256: string }>;
  /** The size of `key` in bytes, cheaply (no read); undefined when there is no such file. */
  sizeOf(key: string): Promise<number | undefined>;
  /** The size and SHA-256 (hex) of `key`, reading it in chunks (memory stays bounded); undefined when there is no such file. */
  digestOf(key: string): Promise<{ readonly bytes: number; readonly sha256: string } | undefined>;
  /** When `key` was last written; undefined when there is no such file. */
  modifiedAt(key: string): Promise<Date | undefined>;
  /**
   * Keys below the folder `prefix` (`clean/orders` lists `clean/orders/…`, not `clean/orders_eu/…`),
   * or `[prefix]` when it is a key itself; sorted by their UTF-8 bytes (as S3 and GCS list them, see {@link compareKeys}), paged by `page`.
   */
  list(prefix: string, page?: ListPage): Promise<string[]>;
  /** Deletes `keys`; a key that does not exist is no error. */
  delete(keys: readonly string[]): Promise<void>;
}
