import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Where data lives, for every engine: Parquet files (one file, or every file under a prefix
 * ending in `/`) at a `file://`, `s3://` or `gs://` URI, or a warehouse table. Object stores
 * produce them (`ObjectStore.locationOf`); engines read inputs from them and write outputs to
 * them, and refuse the kinds they cannot reach with a message saying so.
 *
 * @example
 * filesAt("s3://lake-prod-clean/clean/orders/dt=2024-01-01/v-0b3f/")
 * // → { kind: "files", uri: "s3://…/v-0b3f/", format: "parquet" }
 */
export type DataLocation = FilesLocation | TableLocation;

/** Parquet files: `uri` names one file, or a prefix (ending in `/`) whose files all belong to it. */
export interface FilesLocation {
  readonly kind: "files";
  readonly uri: string;
  readonly format: "parquet";
}

/** A warehouse table (BigQuery `project.dataset.table`), optionally one partition of it (`20240101`). */
export interface TableLocation {
  readonly kind: "table";
  readonly table: string;
  /** @default - the whole table */
  readonly partition?: string;
}

/** A files location at `uri` (frozen). */
export function filesAt(uri: string): FilesLocation {
  return Object.freeze({ kind: "files", uri, format: "parquet" });
}

/** The files location of a local path: a `file://` URI (spaces and non-ASCII characters percent-encoded). */
export function localFiles(path: string): FilesLocation {
  const uri = pathToFileURL(path).href;
  return filesAt(path.endsWith("/") && !uri.endsWith("/") ? `${uri}/` : uri);
}

/** The local path of a `file://` location; undefined for remote files and tables. */
export function localPathOf(location: DataLocation): string | undefined {
  if (location.kind !== "files" || !location.uri.startsWith("file://")) return undefined;
  return fileURLToPath(location.uri);
}

/** How a location reads in messages: a local path as the path, anything else as its URI or table name. */
export function describeLocation(location: DataLocation): string {
  if (location.kind === "table") return location.partition === undefined ? location.table : `${location.table}$${location.partition}`;
  return localPathOf(location) ?? location.uri;
}
