import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { LakeformError } from "../../core/errors.ts";

export const MiB = 1 << 20;
/** S3's smallest part of a multipart upload (all parts but the last). */
export const MIN_PART_BYTES = 5 * MiB;
/** S3's largest number of parts of one upload. */
export const MAX_PARTS = 10_000;

/** The client settings the store leaves to the caller; checksum modes are the store's (see {@link s3ClientConfig}). */
export type S3ClientSettings = Omit<S3ClientConfig, "requestChecksumCalculation" | "responseChecksumValidation">;

/** How to open an {@link S3ObjectStore}. Only `bucket` is required. */
export interface S3ObjectStoreOptions {
  /** The bucket that holds the data files, e.g. `lake-prod-data`. */
  readonly bucket: string;
  /** A key prefix every object key starts with (`lakeform/prod` → `lakeform/prod/clean/…`). @default "" - keys at the bucket's root */
  readonly prefix?: string;
  /**
   * The S3 client: `region`, `endpoint`, `forcePathStyle`, `credentials`, `maxAttempts`, … .
   * @default - the SDK's defaults: region and credentials from the environment (AWS_REGION, the
   *   role, AWS_PROFILE); standard retries with 3 attempts; path-style addressing when `endpoint` is set
   */
  readonly client?: S3ClientSettings;
  /** Files of at least this many bytes are uploaded in parts. @default 16 MiB */
  readonly multipartThreshold?: number;
  /** Bytes per part (at least 5 MiB; grown for files that would need more than 10,000 parts). @default 8 MiB */
  readonly partSize?: number;
  /** Parts uploaded at once; memory holds this many parts. @default 2 */
  readonly uploadConcurrency?: number;
  /** Keys asked per ListObjectsV2 request (1 to 1,000). @default 1000 */
  readonly listPageSize?: number;
  /** Where scratch files wait for `commit`; created owner-only. @default - a new folder in the system's temp directory */
  readonly scratchDir?: string;
}

/** The options with their defaults, checked. */
export interface ResolvedS3Options {
  readonly bucket: string;
  readonly prefix: string;
  readonly multipartThreshold: number;
  readonly partSize: number;
  readonly uploadConcurrency: number;
  readonly listPageSize: number;
  readonly scratchDir: string | undefined;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Whether `name` is a valid S3 bucket name (3–63 lowercase letters, digits, dots and dashes). */
export function isBucketName(name: string): boolean {
  return BUCKET.test(name) && !name.includes("..") && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

const whole = (value: number | undefined, fallback: number) => value ?? fallback;

/**
 * The options with defaults applied; every problem at once.
 * @throws LakeformError listing each bad option and its fix.
 */
export function resolveS3Options(options: S3ObjectStoreOptions): ResolvedS3Options {
  const resolved: ResolvedS3Options = {
    bucket: options.bucket,
    prefix: (options.prefix ?? "").replace(/^\/+|\/+$/g, ""),
    multipartThreshold: whole(options.multipartThreshold, 16 * MiB),
    partSize: whole(options.partSize, 8 * MiB),
    uploadConcurrency: whole(options.uploadConcurrency, 2),
    listPageSize: whole(options.listPageSize, 1000),
    scratchDir: options.scratchDir,
  };
  const problems: string[] = [];
  if (!isBucketName(resolved.bucket)) problems.push(`bucket "${resolved.bucket}" is not a valid S3 bucket name. Fix: use 3 to 63 lowercase letters, digits, dots and dashes, e.g. lake-prod-data.`);
  if (!Number.isInteger(resolved.partSize) || resolved.partSize < MIN_PART_BYTES) problems.push(`partSize ${resolved.partSize} is below S3's minimum part of 5 MiB. Fix: use at least ${MIN_PART_BYTES}.`);
  if (!Number.isInteger(resolved.multipartThreshold) || resolved.multipartThreshold < 1) problems.push(`multipartThreshold ${resolved.multipartThreshold} is not a positive number of bytes. Fix: use e.g. ${16 * MiB}.`);
  if (!Number.isInteger(resolved.uploadConcurrency) || resolved.uploadConcurrency < 1) problems.push(`uploadConcurrency ${resolved.uploadConcurrency} is not a positive whole number. Fix: use e.g. 2.`);
  if (!Number.isInteger(resolved.listPageSize) || resolved.listPageSize < 1 || resolved.listPageSize > 1000) problems.push(`listPageSize ${resolved.listPageSize} is not between 1 and 1000. Fix: use 1000 (S3's largest page).`);
  if (problems.length > 0) throw new LakeformError(`Invalid S3 object store options (${problems.length}):\n${problems.map((p) => ` - ${p}`).join("\n")}`);
  return Object.freeze(resolved);
}

/**
 * The S3 client configuration: the caller's settings, standard retries, path-style addressing
 * with a custom endpoint, and checksums only where S3 requires them — the SDK's default
 * (a checksum on every upload) stores stream bodies with their chunk framing on S3-compatible
 * servers such as s3rver, and is refused by others.
 */
export function s3ClientConfig(settings: S3ClientSettings = {}): S3ClientConfig {
  return {
    retryMode: "standard",
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
    ...(settings.endpoint === undefined ? {} : { forcePathStyle: true }),
    ...settings,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}
