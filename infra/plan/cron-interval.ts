/**
 * Whether a cron expression can repeat every `minutes` minutes evenly (what Cloud Scheduler
 * takes): a divisor of an hour, or a whole number of hours dividing a day.
 */
export function isCronInterval(minutes: number): boolean {
  if (!Number.isInteger(minutes) || minutes < 1) return false;
  if (minutes < 60) return 60 % minutes === 0;
  return minutes % 60 === 0 && 24 % (minutes / 60) === 0;
}
