import type { Duration } from "./duration.ts";

/** File formats a landing directory may hold: CSV, JSON lines, a JSON array of objects, Parquet. */
export type FileFormat = "csv" | "jsonl" | "json" | "parquet";

/**
 * What a run does when no landing file holds data for the partition (or, unpartitioned, when
 * no landing file matches at all):
 * - `"wait"`: the source is *waiting for data* — nothing is materialised or published, the
 *   previous version stays visible, and freshness decides when that is worth an alert;
 * - `"publishEmpty"`: publish an empty version, for sources where "no file" really means "no rows".
 */
export type WhenNoData = "wait" | "publishEmpty";

/** A landing directory of files, loaded into the raw tier with the declared schema enforced. */
export interface FileDropSpec {
  readonly kind: "fileDrop";
  readonly format: FileFormat;
  /** A glob relative to the landing directory, e.g. `orders/*.csv` (`**` crosses folders). */
  readonly pattern: string;
  /** CSV only. @default "," */
  readonly delimiter?: string;
  /**
   * Landed field names that differ from the declared column names: landed name → column,
   * e.g. `{ "IMDB Rating": "imdb_rating" }`. @default - every field is read by its column's name
   */
  readonly rename?: Readonly<Record<string, string>>;
  /** @default "wait" */
  readonly whenNoData?: WhenNoData;
  /**
   * A file modified less than this long ago is still being written (a partial upload): it is
   * not picked up until it has been quiet that long. @default - files are picked up as listed
   */
  readonly quietFor?: Duration;
  /**
   * A file is picked up only once a marker file named after it exists: `".done"` waits for
   * `orders/a.csv.done` before loading `orders/a.csv`. Marker files are never loaded.
   * @default - no marker
   */
  readonly doneMarker?: string;
}

/** The options of {@link fileDrop}. */
export type FileDropOptions = Omit<FileDropSpec, "kind">;

/**
 * Files dropped into the landing directory.
 * @example fileDrop({ format: "csv", pattern: "orders/*.csv" })
 * @example fileDrop({ format: "json", pattern: "movies/*.json", rename: { "IMDB Rating": "imdb_rating" } })
 */
export function fileDrop(options: FileDropOptions): FileDropSpec {
  const { rename, ...rest } = options;
  return Object.freeze({ kind: "fileDrop", ...rest, ...(rename === undefined ? {} : { rename: Object.freeze({ ...rename }) }) });
}
