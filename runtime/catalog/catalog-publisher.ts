/** Where one published partition's data lives, as the catalog should point at it. */
export interface CatalogEntry {
  readonly asset: string;
  /** `""` for an unpartitioned asset (its table's own location). */
  readonly partition: string;
  /** A folder holding exactly that version's files: `s3://lf-prod-clean-123/clean/orders/dt=2024-01-01/v-0b3f/`. */
  readonly location: string;
}

/**
 * A table catalog that query engines read through (Glue for Athena, Spark and QuickSight):
 * publishing a version points its table partition at the version's folder, so readers of the
 * catalog see audited data only. The state store publishes first; the catalog follows, and
 * `lakeform catalog sync` repairs a crash between the two (see `syncCatalog`).
 */
export interface CatalogPublisher {
  readonly name: string;
  /** Points each entry's partition (or unpartitioned table) at its location; creates partitions that do not exist yet. Idempotent. */
  publish(entries: readonly CatalogEntry[]): Promise<void>;
  /** Where the catalog points now for `asset`: partition → location (`""` for an unpartitioned table). */
  locations(asset: string): Promise<Map<string, string>>;
  /** Removes partitions (expired or never published) of `asset` from the catalog. Idempotent. */
  remove(asset: string, partitions: readonly string[]): Promise<void>;
}
