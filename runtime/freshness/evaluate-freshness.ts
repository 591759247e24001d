import { cronAt, previousTick } from "../core/graph/cron-expression.ts";
import { formatAge, parseDuration } from "../core/declare/duration.ts";
import type { FreshnessPolicy } from "../core/declare/freshness-policy.ts";
import type { TimeWindowPartitions } from "../core/declare/partitions.ts";
import { windowOf } from "../core/partitions/time-window.ts";
import type { FreshnessResult } from "./freshness-state.ts";

const NOT_APPLICABLE: FreshnessResult = { state: "NOT_APPLICABLE", lagMs: undefined, reason: "no freshness policy" };

const lastTicks = new Map<string, Date | undefined>();

/** The last tick of `cron` at or before `now`. Memoised: a tick asks it of thousands of assets sharing a few crons. */
export function lastCronTick(cron: string, timezone: string, now: Date): Date | undefined {
  const id = `${cron}\u0000${timezone}\u0000${now.getTime()}`;
  if (!lastTicks.has(id)) {
    if (lastTicks.size > 1000) lastTicks.clear();
    const tick = previousTick(cronAt(cron, timezone, new Date(now.getTime() + 1)));
    lastTicks.set(id, tick === undefined ? undefined : new Date(tick));
  }
  return lastTicks.get(id);
}

/**
 * Freshness of an asset, given its last successful publish (blocking checks passed).
 * Max lag: lag = now − last publish; FAIL if lag > failAfter, WARN if lag > warnAfter (strict,
 * as dbt). Cron deadline: PASS iff the last publish ≥ the last tick − window.
 * Pure: the clock is an argument.
 */
export function evaluateFreshness(policy: FreshnessPolicy | undefined, lastPublish: Date | undefined, now: Date): FreshnessResult {
  if (policy === undefined) return NOT_APPLICABLE;
  if (lastPublish === undefined) return { state: "UNKNOWN", lagMs: undefined, reason: "never published" };
  const lag = now.getTime() - lastPublish.getTime();
  if (policy.kind === "maxLag") {
    const fail = parseDuration(policy.failAfter) ?? 0;
    const warn = policy.warnAfter === undefined ? undefined : parseDuration(policy.warnAfter);
    const age = `last published ${formatAge(Math.max(0, lag))} ago`;
    if (lag > fail) return { state: "FAIL", lagMs: lag, reason: `${age}, more than failAfter ${policy.failAfter}` };
    if (warn !== undefined && lag > warn) return { state: "WARN", lagMs: lag, reason: `${age}, more than warnAfter ${policy.warnAfter}` };
    return { state: "PASS", lagMs: lag, reason: `${age}, within ${policy.warnAfter ?? policy.failAfter}` };
  }
  const tick = lastCronTick(policy.cron, policy.timezone, now);
  if (tick === undefined) return { state: "UNKNOWN", lagMs: lag, reason: `deadline "${policy.cron}" has no past tick` };
  const window = parseDuration(policy.window) ?? 0;
  const due = new Date(tick.getTime() - window);
  return lastPublish >= due
    ? { state: "PASS", lagMs: lag, reason: `published ${lastPublish.toISOString()}, within ${policy.window} before the deadline ${tick.toISOString()}` }
    : { state: "FAIL", lagMs: lag, reason: `missed the deadline ${tick.toISOString()}: last published ${lastPublish.toISOString()}, before ${due.toISOString()}` };
}

/**
 * Freshness of one time partition. Its data is due when its window closes: published → PASS
 * (the lag is how long after the window it arrived); not published → the time since the window
 * closed, against warnAfter/failAfter (a cron deadline applies to the latest window). A partition
 * whose window has not closed is NOT_APPLICABLE.
 */
export function evaluatePartitionFreshness(policy: FreshnessPolicy | undefined, partitions: TimeWindowPartitions, key: string, published: Date | undefined, now: Date): FreshnessResult {
  if (policy === undefined) return NOT_APPLICABLE;
  const closed = windowOf(partitions, key).end;
  if (closed > now) return { state: "NOT_APPLICABLE", lagMs: undefined, reason: "its window has not closed" };
  if (published !== undefined) return { state: "PASS", lagMs: Math.max(0, published.getTime() - closed.getTime()), reason: `published ${formatAge(Math.max(0, published.getTime() - closed.getTime()))} after its window closed` };
  const waiting = now.getTime() - closed.getTime();
  if (policy.kind === "cronDeadline") {
    const tick = lastCronTick(policy.cron, policy.timezone, now);
    const missed = tick !== undefined && tick >= closed;
    return { state: missed ? "FAIL" : "PASS", lagMs: waiting, reason: missed ? `not published by the deadline ${tick.toISOString()}` : "its deadline has not come" };
  }
  const fail = parseDuration(policy.failAfter) ?? 0;
  const warn = policy.warnAfter === undefined ? undefined : parseDuration(policy.warnAfter);
  const text = `not published ${formatAge(waiting)} after its window closed`;
  if (waiting > fail) return { state: "FAIL", lagMs: waiting, reason: `${text}, more than failAfter ${policy.failAfter}` };
  if (warn !== undefined && waiting > warn) return { state: "WARN", lagMs: waiting, reason: `${text}, more than warnAfter ${policy.warnAfter}` };
  return { state: "PASS", lagMs: waiting, reason: `${text}, within ${policy.warnAfter ?? policy.failAfter}` };
}
