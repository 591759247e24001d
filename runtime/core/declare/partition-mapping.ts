/**
 * Which partitions of a parent a child partition reads.
 *
 * Defaults, when a dependency names no mapping: time → time reads the overlapping windows
 * (an hourly parent feeds a daily child with its 24 hours); static → static reads the same
 * key; an unpartitioned child reads every partition of a partitioned parent.
 */
export type PartitionMapping =
  | { readonly kind: "identity" }
  | { readonly kind: "timeWindow"; readonly startOffset: number; readonly endOffset: number }
  | { readonly kind: "all" };

/** The partition with the same key in the parent. For static keys, or equal time windows. */
export const identity = (): PartitionMapping => Object.freeze({ kind: "identity" });

/**
 * The parent's windows overlapping the child's window, shifted by whole child windows.
 * `timeWindow({ startOffset: -1, endOffset: -1 })` reads yesterday's data;
 * `timeWindow({ startOffset: -6 })` reads the trailing seven days.
 */
export function timeWindow(offsets: { readonly startOffset?: number; readonly endOffset?: number } = {}): PartitionMapping {
  return Object.freeze({ kind: "timeWindow", startOffset: offsets.startOffset ?? 0, endOffset: offsets.endOffset ?? 0 });
}

/** Every partition of the parent, e.g. a lifetime aggregate over a daily-partitioned table. */
export const allPartitions = (): PartitionMapping => Object.freeze({ kind: "all" });
