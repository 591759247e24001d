/**
 * When the runtime materialises an asset on its own:
 * - `cron`: at every tick of a cron expression in a time zone;
 * - `eager`: whenever an upstream asset publishes a new version;
 * - `onDemand`: never by itself, only when someone asks.
 */
export type ScheduleSpec =
  | { readonly kind: "cron"; readonly cron: string; readonly timezone: string }
  | { readonly kind: "eager" }
  | { readonly kind: "onDemand" };

/**
 * A cron schedule: five fields (`minute hour day-of-month month day-of-week`) or a macro such
 * as `@daily`, evaluated in `timezone` (correct across daylight-saving changes).
 * @example cron("0 6 * * *", { timezone: "Europe/Berlin" })
 */
export function cron(expression: string, options: { readonly timezone?: string } = {}): ScheduleSpec {
  return Object.freeze({ kind: "cron", cron: expression, timezone: options.timezone ?? "UTC" });
}

/** Materialise whenever an upstream asset publishes a new version (Dagster's eager). */
export const eager = (): ScheduleSpec => Object.freeze({ kind: "eager" });

/** Materialise only when asked (`lakeform materialize`). */
export const onDemand = (): ScheduleSpec => Object.freeze({ kind: "onDemand" });
