/** The retention periods CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The shortest retention CloudWatch accepts that keeps logs at least `days` (at most ten years). */
export function cloudWatchRetentionDays(days: number): number {
  return CLOUDWATCH_RETENTION_DAYS.find((allowed) => allowed >= days) ?? 3653;
}
