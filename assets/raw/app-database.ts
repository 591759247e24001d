import { env, postgres, type Duration, type FileDropSpec, type PostgresSourceSpec } from "lakeform";

/**
 * The variable that switches the platform's customers and products to the shop's PostgreSQL app
 * database. The catalog reads it when it is declared (the runtime itself never reads
 * `process.env`); the source reads the URL through `env(...)`, so it is never declared in clear.
 */
export const APP_DATABASE_URL = "LAKEFORM_SOURCE_PG_URL";

/** Whether this catalog extracts from the app database (the variable is set) rather than landed files. */
export const fromAppDatabase = (process.env[APP_DATABASE_URL] ?? "") !== "";

const fileDrops = new Map<string, FileDropSpec>();

/**
 * `files` unless {@link fromAppDatabase}; then the app database's `table`: a snapshot each run
 * (the raw tier holds the newest snapshot only, so a row deleted in the app is gone after one
 * run), or, given a `cursor`, the rows changed since the last run.
 */
export function appTableOrFiles(key: string, table: string, files: FileDropSpec, incremental?: { readonly cursor: string; readonly lookback: Duration }): FileDropSpec | PostgresSourceSpec {
  fileDrops.set(key, files);
  if (!fromAppDatabase) return files;
  const connection = env(APP_DATABASE_URL);
  return incremental === undefined ? postgres({ connection, table, mode: "snapshot" }) : postgres({ connection, table, ...incremental });
}

/** The file drop a source reads without the app database: the demo writes those files either way. */
export function fileDropFallbackOf(key: string): FileDropSpec | undefined {
  return fileDrops.get(key);
}
