import { UsageError } from "./usage-error.ts";

/** The `--now` option as a Date (time travel for ticks and freshness), or the real clock. */
export function nowOf(value: string | boolean | undefined, clock: () => Date = () => new Date()): Date {
  if (typeof value !== "string") return clock();
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new UsageError(`--now "${value}" is not an ISO date-time. Fix: e.g. --now 2024-03-01T09:00:00Z.`);
  return parsed;
}
