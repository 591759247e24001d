import type { AssetNode } from "lakeform";
import { parseDuration } from "../../runtime/core/declare/duration.ts";
import { cronAt, nextTick, SAMPLE_START } from "../../runtime/core/graph/cron-expression.ts";

const MONTH_MS = 30 * 86_400_000;
/** A schedule firing every minute fires 43,200 times in 30 days: the most a month can hold. */
const MOST_TICKS = 43_200;
const counted = new Map<string, number>();

/** Ticks of a cron in 30 days from a fixed instant (the same on every machine and every day). */
export function cronTicksPerMonth(expression: string, timezone: string): number {
  const id = `${expression}\u0000${timezone}`;
  let count = counted.get(id);
  if (count === undefined) {
    count = 0;
    // From just before the start, so that a tick at the start itself counts.
    const ticks = cronAt(expression, timezone, new Date(SAMPLE_START.getTime() - 1));
    const end = SAMPLE_START.getTime() + MONTH_MS;
    for (let next = nextTick(ticks); next !== undefined && next < end && count < MOST_TICKS; next = nextTick(ticks)) count++;
    counted.set(id, count);
  }
  return count;
}

/**
 * How often an asset runs in a month, for cost: its cron's ticks; for eager assets, as often
 * as the busiest parent publishes; for assets driven by their freshness policy, once per
 * window (a `maxLag`'s `failAfter`, a `cronDeadline`'s ticks); on demand, never by itself.
 */
export function runsPerMonth(node: AssetNode, parentRuns: readonly number[]): number {
  const schedule = node.schedule;
  if (schedule.kind === "cron") return cronTicksPerMonth(schedule.cron, schedule.timezone);
  if (schedule.kind === "eager") return Math.max(0, ...parentRuns);
  if (node.scheduleDeclared || node.freshness === undefined) return 0;
  if (node.freshness.kind === "cronDeadline") return cronTicksPerMonth(node.freshness.cron, node.freshness.timezone);
  const lag = parseDuration(node.freshness.failAfter) ?? MONTH_MS;
  return Math.min(MOST_TICKS, Math.ceil(MONTH_MS / lag));
}
