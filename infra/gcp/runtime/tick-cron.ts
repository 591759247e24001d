import { isCronInterval } from "../../plan/cron-interval.ts";

/**
 * Cloud Scheduler's cron for a tick every `minutes` minutes (UTC): `*\/15 * * * *`,
 * `0 *\/2 * * *`, `0 0 * * *`. Cron repeats evenly only for divisors of an hour or of a day,
 * so other intervals are refused (the stack's configuration refuses them first, on GCP).
 */
export function tickCron(minutes: number): string {
  const fix = "Fix: pulumi config set lakeform:schedulerInterval 15m (on GCP: a divisor of 60 minutes, or a whole number of hours dividing 24).";
  if (!isCronInterval(minutes)) throw new Error(`Scheduler: an interval of ${minutes} minutes cannot be written as a Cloud Scheduler cron that repeats evenly. ${fix}`);
  if (minutes < 60) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  const hours = minutes / 60;
  return hours === 24 ? "0 0 * * *" : hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
}

