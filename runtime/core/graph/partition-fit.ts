import type { PartitionMapping } from "../declare/partition-mapping.ts";
import type { PartitionsSpec } from "../declare/partitions.ts";

/** The mapping used when a dependency names none, or undefined when none fits by default. */
export function defaultMapping(child: PartitionsSpec | undefined, parent: PartitionsSpec | undefined): PartitionMapping | undefined {
  if (parent === undefined || child === undefined) return { kind: "all" };
  if (child.kind === "time" && parent.kind === "time") return { kind: "timeWindow", startOffset: 0, endOffset: 0 };
  if (child.kind === "static" && parent.kind === "static") return { kind: "identity" };
  return undefined;
}

const describe = (p: PartitionsSpec | undefined): string =>
  p === undefined ? "unpartitioned" : p.kind === "static" ? "static-partitioned" : `${p.granularity}-partitioned`;

/**
 * Why `mapping` cannot map `child` partitions onto `parent` partitions, as
 * `[what is wrong, fix]`, or undefined when it fits.
 */
export function mappingMisfit(
  child: PartitionsSpec | undefined,
  parent: PartitionsSpec | undefined,
  mapping: PartitionMapping | undefined,
): [string, string] | undefined {
  const between = `a ${describe(child)} asset and its ${describe(parent)} parent`;
  if (mapping === undefined) {
    return defaultMapping(child, parent) === undefined
      ? [`no partition mapping fits between ${between} by default`, "read every parent partition with ref(parent, { partitions: allPartitions() }), or partition both the same way"]
      : undefined;
  }
  if (mapping.kind === "all") return undefined;
  if (parent === undefined) return [`it maps partitions of an unpartitioned parent`, "remove the partition mapping"];
  if (child === undefined) return [`${mapping.kind} mapping between ${between}`, "an unpartitioned asset reads all parent partitions: use allPartitions() or remove the mapping"];
  if (mapping.kind === "identity") {
    if (child.kind !== parent.kind) return [`identity mapping between ${between}`, "use allPartitions(), or partition both the same way"];
    if (child.kind === "time" && parent.kind === "time" && child.granularity !== parent.granularity) {
      return [`identity mapping between ${between}`, "use timeWindow() to read the overlapping windows"];
    }
    if (child.kind === "static" && parent.kind === "static") {
      const missing = child.keys.filter((k) => !parent.keys.includes(k));
      if (missing.length > 0) return [`identity mapping, but the parent has no partition ${missing.map((k) => `"${k}"`).join(", ")}`, "add the keys to the parent or map with allPartitions()"];
    }
    return undefined;
  }
  if (child.kind !== "time" || parent.kind !== "time") return [`timeWindow mapping between ${between}`, "use timeWindow() only between time-partitioned assets"];
  if (!Number.isInteger(mapping.startOffset) || !Number.isInteger(mapping.endOffset) || mapping.startOffset > mapping.endOffset) {
    return [`timeWindow mapping has offsets ${mapping.startOffset}..${mapping.endOffset}`, "use whole numbers with startOffset ≤ endOffset, e.g. timeWindow({ startOffset: -6 })"];
  }
  return undefined;
}
