import type { AssetDefinition } from "../../declare/asset.ts";
import { formatDuration, parseDuration } from "../../declare/duration.ts";
import type { FreshnessPolicy } from "../../declare/freshness-policy.ts";
import type { Problem } from "../../problem.ts";
import { cronAt, cronProblem, longestCronGap, nextTick, SAMPLE_START } from "../cron-expression.ts";
import { declaredDependencies } from "../declared-dependencies.ts";
import { problemAt, type ValidationContext } from "../validation-context.ts";

const DEADLINE_SAMPLES = 60;

function scheduleProblem(definition: AssetDefinition): [string, string] | undefined {
  const schedule = definition.schedule;
  if (schedule === undefined || schedule.kind === "eager" || schedule.kind === "onDemand") return undefined;
  if (schedule.kind !== "cron") return [`schedule "${String((schedule as { kind: unknown }).kind)}" is unknown`, "use cron(...), eager() or onDemand()"];
  const problem = cronProblem(schedule.cron, schedule.timezone);
  return problem === undefined ? undefined : [`schedule: ${problem}`, 'write five fields, e.g. cron("0 6 * * *", { timezone: "UTC" })'];
}

function policyProblem(policy: FreshnessPolicy): [string, string] | undefined {
  if (policy.kind === "maxLag") {
    const fail = parseDuration(policy.failAfter);
    if (fail === undefined || fail === 0) return [`freshness failAfter "${policy.failAfter}" is not a duration`, 'write it like "6h", "30m" or "1d"'];
    if (policy.warnAfter === undefined) return undefined;
    const warn = parseDuration(policy.warnAfter);
    if (warn === undefined || warn === 0) return [`freshness warnAfter "${policy.warnAfter}" is not a duration`, 'write it like "6h", "30m" or "1d"'];
    return warn < fail ? undefined : [`freshness warnAfter (${policy.warnAfter}) must be shorter than failAfter (${policy.failAfter})`, "lower warnAfter or raise failAfter"];
  }
  if (policy.kind === "cronDeadline") {
    const problem = cronProblem(policy.cron, policy.timezone);
    if (problem !== undefined) return [`freshness deadline: ${problem}`, 'write five fields, e.g. cronDeadline({ cron: "0 9 * * *", window: "3h" })'];
    return parseDuration(policy.window) ? undefined : [`freshness window "${policy.window}" is not a duration`, 'write it like "3h"'];
  }
  return [`freshness policy "${String((policy as { kind: unknown }).kind)}" is unknown`, "use maxLag(...) or cronDeadline(...)"];
}

/**
 * Cadence: the longest an asset can go between two refreshes under its schedule, when known.
 * Cron: the longest gap between ticks. Eager: the cadence of its most frequent parent.
 * A freshness policy with no schedule refreshes as the policy asks. Computed in topological
 * order, parents first (no recursion: chains may be thousands deep).
 */
function cadences({ byKey, order }: ValidationContext): Map<AssetDefinition, number | undefined> {
  const cadence = new Map<AssetDefinition, number | undefined>();
  for (const key of order) {
    const definition = byKey.get(key);
    if (definition === undefined) continue;
    let result: number | undefined;
    const schedule = definition.schedule;
    if (schedule?.kind === "cron" && cronProblem(schedule.cron, schedule.timezone) === undefined) {
      result = longestCronGap(schedule.cron, schedule.timezone);
    } else if (schedule?.kind === "eager") {
      for (const dependency of declaredDependencies(definition)) {
        const parent = byKey.get(dependency.key);
        const parentCadence = parent === undefined ? undefined : cadence.get(parent);
        if (parentCadence !== undefined) result = Math.min(result ?? Infinity, parentCadence);
      }
    } else if (schedule === undefined && definition.freshness?.kind === "maxLag") {
      result = parseDuration(definition.freshness.warnAfter ?? "") ?? parseDuration(definition.freshness.failAfter);
    }
    cadence.set(definition, result);
  }
  return cadence;
}

function unmeetableProblem(definition: AssetDefinition, cadence: number | undefined): [string, string] | undefined {
  const policy = definition.freshness;
  const schedule = definition.schedule;
  if (policy?.kind === "maxLag") {
    const fail = parseDuration(policy.failAfter);
    if (cadence === undefined || fail === undefined || cadence <= fail) return undefined;
    const how = schedule?.kind === "cron" ? `its schedule "${schedule.cron}" leaves up to ${formatDuration(cadence)} between runs` : `its upstream refreshes only every ${formatDuration(cadence)}`;
    return [`freshness failAfter ${policy.failAfter} can never be met: ${how}`, `run it at least every ${policy.failAfter}, or raise failAfter to ${formatDuration(cadence)}`];
  }
  if (policy?.kind === "cronDeadline" && schedule?.kind === "cron") {
    const missed = missedDeadline(policy.cron, policy.timezone, parseDuration(policy.window) ?? 0, schedule.cron, schedule.timezone);
    if (missed !== undefined) {
      return [
        `freshness deadline "${policy.cron}" (window ${policy.window}) can never be met by schedule "${schedule.cron}": no run falls within ${policy.window} before the deadline at ${missed}`,
        "schedule a run inside the window before each deadline, or widen the window",
      ];
    }
  }
  return undefined;
}

const missedDeadlines = new Map<string, string | undefined>();

/** The first sampled deadline with no scheduled run in the window before it (ISO), or undefined. Cached per policy and schedule. */
function missedDeadline(deadlineCron: string, deadlineZone: string, window: number, scheduleCron: string, scheduleZone: string): string | undefined {
  const id = [deadlineCron, deadlineZone, window, scheduleCron, scheduleZone].join("\u0000");
  if (missedDeadlines.has(id)) return missedDeadlines.get(id);
  let missed: string | undefined;
  const deadlines = cronAt(deadlineCron, deadlineZone, SAMPLE_START);
  const runs = cronAt(scheduleCron, scheduleZone, SAMPLE_START);
  let lastRun = -Infinity;
  let nextRun = nextTick(runs);
  for (let i = 0; i < DEADLINE_SAMPLES && missed === undefined; i++) {
    const deadline = nextTick(deadlines);
    if (deadline === undefined) break;
    while (nextRun !== undefined && nextRun < deadline) {
      lastRun = nextRun;
      nextRun = nextTick(runs);
    }
    if (lastRun < deadline - window) missed = new Date(deadline).toISOString();
  }
  missedDeadlines.set(id, missed);
  return missed;
}

/** Schedules and freshness policies are valid, and the schedule can meet the policy. */
export function validateSchedules(context: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const cadence = cadences(context);
  for (const definition of context.definitions) {
    const schedule = scheduleProblem(definition);
    if (schedule !== undefined) problems.push(problemAt(definition, ...schedule));
    if (definition.freshness === undefined) continue;
    const policy = policyProblem(definition.freshness);
    if (policy !== undefined) problems.push(problemAt(definition, ...policy));
    if (schedule !== undefined || policy !== undefined) continue;
    const unmeetable = unmeetableProblem(definition, cadence.get(definition));
    if (unmeetable !== undefined) problems.push(problemAt(definition, ...unmeetable));
  }
  return problems;
}
