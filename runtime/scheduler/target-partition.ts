import type { AssetNode } from "../core/graph/asset-node.ts";
import { longestCronGap } from "../core/graph/cron-expression.ts";
import { UNPARTITIONED } from "../core/partitions/partition-keys.ts";
import { firstKey, keyAt, shiftKey, windowOf } from "../core/partitions/time-window.ts";

/**
 * The partition a scheduled run at `at` targets: unpartitioned → `""`; static → every key;
 * time windows → the window that closed last, or the open one when the schedule runs more often
 * than the window is long (an hourly cron on a daily asset refreshes today).
 */
export function targetPartitions(node: AssetNode, at: Date): string[] {
  const spec = node.partitions;
  if (spec === undefined) return [UNPARTITIONED];
  if (spec.kind === "static") return [...spec.keys];
  const current = keyAt(spec, at);
  const window = windowOf(spec, current);
  const cadence = node.schedule.kind === "cron" ? longestCronGap(node.schedule.cron, node.schedule.timezone) : Infinity;
  const key = cadence < window.end.getTime() - window.start.getTime() ? current : shiftKey(spec, current, -1);
  return key >= firstKey(spec) ? [key] : [];
}
