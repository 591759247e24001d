import { CronExpressionParser, type CronExpression } from "cron-parser";
import { isTimeZone } from "./time-zone.ts";

const MACROS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);

const problems = new Map<string, string | undefined>();

/** Why `expression` is not a valid five-field cron in `timezone`, or undefined when it is. Cached. */
export function cronProblem(expression: unknown, timezone: unknown): string | undefined {
  const id = `${String(expression)}\u0000${String(timezone)}`;
  if (problems.has(id)) return problems.get(id);
  const problem = findCronProblem(expression, timezone);
  problems.set(id, problem);
  return problem;
}

function findCronProblem(expression: unknown, timezone: unknown): string | undefined {
  if (typeof expression !== "string" || expression.trim() === "") return "the cron expression is empty";
  if (!isTimeZone(timezone)) return `time zone "${String(timezone)}" is unknown`;
  const trimmed = expression.trim();
  const fields = trimmed.split(/\s+/).length;
  if (!MACROS.has(trimmed) && fields !== 5) return `cron "${expression}" has ${fields} fields; five are expected (minute hour day-of-month month day-of-week)`;
  try {
    CronExpressionParser.parse(trimmed, { tz: timezone as string });
    return undefined;
  } catch (error) {
    return `cron "${expression}" is invalid: ${(error as Error).message}`;
  }
}

/** A parsed cron positioned at `from`; call `next()`/`prev()` for ticks. Assumes a valid cron. */
export function cronAt(expression: string, timezone: string, from: Date): CronExpression {
  return CronExpressionParser.parse(expression.trim(), { tz: timezone, currentDate: from });
}

/** The next tick in ms, or undefined when there is none (`hasNext()` is slow in cron-parser). */
export function nextTick(ticks: CronExpression): number | undefined {
  try {
    return ticks.next().getTime();
  } catch {
    return undefined;
  }
}

/** The previous tick in ms, or undefined when there is none. */
export function previousTick(ticks: CronExpression): number | undefined {
  try {
    return ticks.prev().getTime();
  } catch {
    return undefined;
  }
}

/** A fixed reference instant so that validation never depends on today's date. */
export const SAMPLE_START = new Date("2024-01-01T00:00:00Z");
const SAMPLE_TICKS = 400;
const SAMPLE_SPAN_MS = 400 * 86_400_000;
const gaps = new Map<string, number>();

/**
 * The longest time between two consecutive ticks, sampled over 400 ticks or 400 days from a
 * fixed instant (so DST changes are covered). Cached per expression and zone.
 */
export function longestCronGap(expression: string, timezone: string): number {
  const id = `${expression}\u0000${timezone}`;
  let longest = gaps.get(id);
  if (longest === undefined) {
    longest = 0;
    const ticks = cronAt(expression, timezone, SAMPLE_START);
    let previous = ticks.next().getTime();
    for (let i = 0; i < SAMPLE_TICKS && previous - SAMPLE_START.getTime() < SAMPLE_SPAN_MS; i++) {
      const next = nextTick(ticks);
      if (next === undefined) break;
      longest = Math.max(longest, next - previous);
      previous = next;
    }
    gaps.set(id, longest);
  }
  return longest;
}
