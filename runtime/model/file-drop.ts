/** File formats a landing directory may hold. */
export type FileFormat = "csv" | "jsonl" | "parquet";

/** A landing directory of files, loaded into the raw tier with the declared schema enforced. */
export interface FileDropSpec {
  readonly kind: "fileDrop";
  readonly format: FileFormat;
  /** A glob relative to the landing directory, e.g. `orders/*.csv`. */
  readonly pattern: string;
  /** CSV only. @default "," */
  readonly delimiter?: string;
}

/**
 * Files dropped into the landing directory.
 * @example fileDrop({ format: "csv", pattern: "orders/*.csv" })
 */
export function fileDrop(options: { readonly format: FileFormat; readonly pattern: string; readonly delimiter?: string }): FileDropSpec {
  return Object.freeze({ kind: "fileDrop", ...options });
}
