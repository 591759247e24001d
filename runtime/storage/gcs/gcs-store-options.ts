import type { StorageOptions } from "@google-cloud/storage";
import { LakeformError } from "../../core/errors.ts";

const MiB = 1 << 20;

/** How to open a {@link GcsObjectStore}. Only `bucket` is required. */
export interface GcsObjectStoreOptions {
  /** The bucket that holds the data files, e.g. `lf-prod-data`. */
  readonly bucket: string;
  /** A name prefix every object name starts with (`lakeform/prod` → `lakeform/prod/clean/…`). @default "" - names at the bucket's root */
  readonly prefix?: string;
  /**
   * The Storage client: `projectId`, `apiEndpoint` (a custom endpoint is sent no credentials),
   * `credentials`, `retryOptions`, … .
   * @default - Application Default Credentials (the Cloud Run job's service account), Google's endpoint
   */
  readonly client?: StorageOptions;
  /** Files of at least this many bytes go up in a resumable upload (streamed), smaller ones in one request. @default 16 MiB */
  readonly resumableThreshold?: number;
  /** Objects asked per list request (1 to 1,000). @default 1000 */
  readonly listPageSize?: number;
  /** Deletes in flight at once. @default 8 */
  readonly deleteConcurrency?: number;
  /** Where scratch files wait for `commit`; created owner-only. @default - a new folder in the system's temp directory */
  readonly scratchDir?: string;
}

/** The options with their defaults, checked. */
export interface ResolvedGcsOptions {
  readonly bucket: string;
  readonly prefix: string;
  readonly resumableThreshold: number;
  readonly listPageSize: number;
  readonly deleteConcurrency: number;
  readonly scratchDir: string | undefined;
}

const BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

/**
 * The options with defaults applied; every problem at once.
 * @throws LakeformError listing each bad option and its fix.
 */
export function resolveGcsOptions(options: GcsObjectStoreOptions): ResolvedGcsOptions {
  const resolved: ResolvedGcsOptions = {
    bucket: options.bucket,
    prefix: (options.prefix ?? "").replace(/^\/+|\/+$/g, ""),
    resumableThreshold: options.resumableThreshold ?? 16 * MiB,
    listPageSize: options.listPageSize ?? 1000,
    deleteConcurrency: options.deleteConcurrency ?? 8,
    scratchDir: options.scratchDir,
  };
  const problems: string[] = [];
  if (!BUCKET.test(resolved.bucket) || resolved.bucket.startsWith("goog")) problems.push(`bucket "${resolved.bucket}" is not a valid GCS bucket name. Fix: use 3 to 63 lowercase letters, digits, dashes, underscores and dots, e.g. lf-prod-data.`);
  if (!Number.isInteger(resolved.resumableThreshold) || resolved.resumableThreshold < 1) problems.push(`resumableThreshold ${resolved.resumableThreshold} is not a positive number of bytes. Fix: use e.g. ${16 * MiB}.`);
  if (!Number.isInteger(resolved.listPageSize) || resolved.listPageSize < 1 || resolved.listPageSize > 1000) problems.push(`listPageSize ${resolved.listPageSize} is not between 1 and 1000. Fix: use 1000 (GCS's largest page).`);
  if (!Number.isInteger(resolved.deleteConcurrency) || resolved.deleteConcurrency < 1) problems.push(`deleteConcurrency ${resolved.deleteConcurrency} is not a positive whole number. Fix: use e.g. 8.`);
  if (problems.length > 0) throw new LakeformError(`Invalid GCS object store options (${problems.length}):\n${problems.map((p) => ` - ${p}`).join("\n")}`);
  return Object.freeze(resolved);
}
