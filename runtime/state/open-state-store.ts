import { PostgresStateStore } from "./postgres/postgres-state-store.ts";
import { isPostgresUrl, redactUrl } from "./postgres/postgres-url.ts";
import { SqliteStateStore } from "./sqlite/sqlite-state-store.ts";
import type { OnNewStore } from "./new-store-notice.ts";
import { StateStoreError } from "./state-errors.ts";
import type { SchedulerStore } from "./scheduler-store.ts";

/** Options of {@link openStateStore}. */
export interface OpenStateStoreOptions {
  /** `LAKEFORM_STATE_URL`: a `postgres://` or `postgresql://` URL for state shared by several instances. @default unset (or empty): SQLite at `sqlitePath` */
  readonly url?: string | undefined;
  /** The embedded SQLite database, used when `url` is unset. */
  readonly sqlitePath: string;
  /** `LAKEFORM_STATE_SCHEMA`: the PostgreSQL schema of the state tables. @default the connection's search path */
  readonly schema?: string | undefined;
  /**
   * Called before a store that holds no state (missing, empty, no tables) is created; may throw
   * to refuse, and then nothing is created.
   * @default unset: a new store is created silently
   */
  readonly onNewStore?: OnNewStore | undefined;
  /**
   * SQLite only: move a file that is not a readable database aside and start a new store.
   * @default false: such a file is refused with its path
   */
  readonly replaceUnreadable?: boolean | undefined;
}

/**
 * Opens the state store the deployment asks for: PostgreSQL when `url` is a `postgres://` or
 * `postgresql://` URL, the embedded SQLite database at `sqlitePath` when `url` is unset or empty.
 * Any other URL is refused (with its password hidden) rather than silently using SQLite.
 *
 * @example
 * const state = await openStateStore({ url: process.env.LAKEFORM_STATE_URL, sqlitePath: ".lakeform/state.db" });
 */
export async function openStateStore(options: OpenStateStoreOptions): Promise<SchedulerStore> {
  const url = options.url?.trim() ?? "";
  if (url === "") return SqliteStateStore.open(options.sqlitePath, { onNewStore: options.onNewStore, replaceUnreadable: options.replaceUnreadable });
  if (isPostgresUrl(url)) {
    return PostgresStateStore.open(url, { onNewStore: options.onNewStore, ...(options.schema === undefined || options.schema === "" ? {} : { schema: options.schema }) });
  }
  throw new StateStoreError(
    `LAKEFORM_STATE_URL "${redactUrl(url)}" is not a postgres:// URL. Fix: set it to postgres://user:password@host:5432/database for shared PostgreSQL state, or unset it to use the local SQLite file ${options.sqlitePath}.`,
  );
}
