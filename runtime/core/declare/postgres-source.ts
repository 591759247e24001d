import type { Duration } from "./duration.ts";
import type { EnvSecret } from "./env-secret.ts";

/**
 * How a PostgreSQL source reads its table:
 * - `"incremental"`: the rows whose `cursor` column is past the high watermark (the newest
 *   cursor value landed so far), each run; the raw tier keeps every batch (an update lands as a
 *   new row), so a row's history is there and a later tier takes its newest version;
 * - `"snapshot"`: the whole table each run, for small tables; the raw tier holds the newest
 *   snapshot only, so a row deleted in the app database is gone from raw after the next run.
 */
export type ExtractMode = "incremental" | "snapshot";

/** A table or query of a PostgreSQL database, extracted into the raw tier. */
export interface PostgresSourceSpec {
  readonly kind: "postgres";
  /** The connection URL, from an environment secret: never declared in clear, never printed. */
  readonly connection: EnvSecret;
  /** `schema.table` or `table` (then `public`). Exactly one of `table` and `query`. */
  readonly table?: string;
  /** A `SELECT` whose rows are the source, e.g. a join; it is read as a subquery. */
  readonly query?: string;
  /** @default "incremental" when `cursor` is set, else "snapshot" */
  readonly mode: ExtractMode;
  /** Incremental only: a column that grows with every insert or update (`updated_at`, a serial id). */
  readonly cursor?: string;
  /**
   * Incremental only, a timestamp cursor: how far behind the watermark each run reads again, so
   * rows committed late with an older cursor value (a long transaction) still land; rows
   * already landed are recognised and not landed twice. @default - no lookback
   */
  readonly lookback?: Duration;
  /**
   * A column set when the app deletes a row softly (`deleted_at`); the row lands with it set,
   * and the tiers downstream leave it out. @default - deletions are not tracked (snapshot mode
   * drops deleted rows from raw by itself)
   */
  readonly softDelete?: string;
  /** Rows fetched per round trip from the server-side cursor: what bounds memory. @default 10000 */
  readonly batchRows?: number;
}

/** The options of {@link postgres}. */
export type PostgresSourceOptions = Omit<PostgresSourceSpec, "kind" | "mode"> & { readonly mode?: ExtractMode };

/**
 * A table (or query) of the app's PostgreSQL database, extracted incrementally by a cursor
 * column with a high watermark kept in the state store, or as a snapshot each run. Rows are read
 * through a server-side cursor in bounded batches, PII is treated as they are read, and each
 * batch lands once even when a run is retried.
 *
 * @example postgres({ connection: env("APP_DATABASE_URL"), table: "public.orders", cursor: "updated_at", lookback: "10m" })
 * @example postgres({ connection: env("APP_DATABASE_URL"), table: "public.products", mode: "snapshot" })
 */
export function postgres(options: PostgresSourceOptions): PostgresSourceSpec {
  const mode = options.mode ?? (options.cursor === undefined ? "snapshot" : "incremental");
  return Object.freeze({ kind: "postgres", ...options, mode });
}
