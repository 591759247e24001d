import type { AssetNode } from "../../core/graph/asset-node.ts";
import { parseByteSize } from "../../core/declare/byte-size.ts";
import type { CostEstimate } from "../engine-job.ts";

/** On-demand price of BigQuery analysis, per TiB scanned (US multi-region, 2026). */
export const USD_PER_TIB = 6.25;
/** `maximumBytesBilled` when neither the asset nor the stack sets one: 1 TB. */
export const DEFAULT_MAX_BYTES_BILLED = 1e12;

/** The estimate of a dry run that reports `bytes`: the bytes and their on-demand price. */
export function estimateOf(bytes: number): CostEstimate {
  return Object.freeze({ bytesProcessed: bytes, usd: Math.round((bytes / 2 ** 40) * USD_PER_TIB * 100) / 100 });
}

/** Bytes for people: `40.0 TB`, `512 MB` (decimal units, as BigQuery's console shows them). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The `maximumBytesBilled` of `node`'s jobs: its cost guard's, else the stack's default, else {@link DEFAULT_MAX_BYTES_BILLED}. */
export function maxBytesBilledOf(node: Pick<AssetNode, "costGuard">, stackDefault: number | undefined): number {
  const own = node.costGuard?.maxBytesBilled === undefined ? undefined : parseByteSize(node.costGuard.maxBytesBilled);
  return own ?? stackDefault ?? DEFAULT_MAX_BYTES_BILLED;
}

/**
 * Why the asset's byte limit refuses a job estimated at `estimate`, as a whole message (the
 * asset, the estimate, the limit and the fix), or undefined when it fits.
 *
 * @example overBytesLimit("raw/events", estimateOf(40e12), 1e12, true)
 * // 'Asset "raw/events": its query would scan 40.0 TB (≈ $227.37, by a dry run), over its cost guard's limit of 1.0 TB (costGuard.maxBytesBilled); nothing was run. Fix: …'
 */
export function overBytesLimit(asset: string, estimate: CostEstimate, limit: number, ownLimit: boolean): string | undefined {
  const bytes = estimate.bytesProcessed;
  if (bytes === undefined || bytes <= limit) return undefined;
  const whose = ownLimit ? "its cost guard's limit" : "the stack's default limit";
  const raise = ownLimit ? "raise costGuard.maxBytesBilled" : "set costGuard.maxBytesBilled on the asset";
  return `Asset "${asset}": its query would scan ${formatBytes(bytes)} (≈ $${estimate.usd?.toFixed(2) ?? "?"}, by a dry run), over ${whose} of ${formatBytes(limit)} (maxBytesBilled); nothing was run. Fix: read only the partitions it needs (filter on partitionStart/partitionEnd, or the parents' partition mapping) and fewer columns, or ${raise} if the scan is meant.`;
}
