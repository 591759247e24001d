import { formatAge, parseDuration } from "../core/declare/duration.ts";
import type { FreshnessPolicy } from "../core/declare/freshness-policy.ts";
import { evaluateFreshness, lastCronTick } from "./evaluate-freshness.ts";
import type { FreshnessResult } from "./freshness-state.ts";

/**
 * Source freshness as dbt judges it: the age of the newest record by the source's `loadedAtField`
 * (not of the last publish) against the policy. Max lag: FAIL past `failAfter`, WARN past
 * `warnAfter` (strict, as dbt); a cron deadline: PASS iff the newest record is at least the last
 * tick − window. No record with a value: UNKNOWN. A record in the future counts as age 0.
 * Pure: the clock is an argument.
 *
 * @example evaluateSourceFreshness(maxLag({ warnAfter: "1h", failAfter: "6h" }), "updated_at", newest, now)
 */
export function evaluateSourceFreshness(policy: FreshnessPolicy | undefined, field: string, newest: Date | undefined, now: Date): FreshnessResult {
  if (policy === undefined) return evaluateFreshness(undefined, undefined, now);
  if (newest === undefined) return { state: "UNKNOWN", lagMs: undefined, reason: `no record with ${field} has landed` };
  const lag = Math.max(0, now.getTime() - newest.getTime());
  const age = `newest ${field} ${newest.toISOString()} is ${formatAge(lag)} old`;
  if (policy.kind === "maxLag") {
    const fail = parseDuration(policy.failAfter) ?? 0;
    const warn = policy.warnAfter === undefined ? undefined : parseDuration(policy.warnAfter);
    if (lag > fail) return { state: "FAIL", lagMs: lag, reason: `${age}, more than failAfter ${policy.failAfter}` };
    if (warn !== undefined && lag > warn) return { state: "WARN", lagMs: lag, reason: `${age}, more than warnAfter ${policy.warnAfter}` };
    return { state: "PASS", lagMs: lag, reason: `${age}, within ${policy.warnAfter ?? policy.failAfter}` };
  }
  const tick = lastCronTick(policy.cron, policy.timezone, now);
  if (tick === undefined) return { state: "UNKNOWN", lagMs: lag, reason: `deadline "${policy.cron}" has no past tick` };
  const due = new Date(tick.getTime() - (parseDuration(policy.window) ?? 0));
  return newest >= due
    ? { state: "PASS", lagMs: lag, reason: `${age}: within ${policy.window} before the deadline ${tick.toISOString()}` }
    : { state: "FAIL", lagMs: lag, reason: `missed the deadline ${tick.toISOString()}: ${age}, before ${due.toISOString()}` };
}
