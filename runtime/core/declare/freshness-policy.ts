import type { Duration } from "./duration.ts";

/**
 * How fresh an asset must be:
 * - `maxLag`: the last successful publish is at most `failAfter` old (warn after `warnAfter`);
 * - `cronDeadline`: at every tick of `cron`, a publish happened within `window` before it
 *   ("by 09:00 on weekdays, with data from after 06:00").
 */
export type FreshnessPolicy =
  | { readonly kind: "maxLag"; readonly warnAfter?: Duration; readonly failAfter: Duration }
  | { readonly kind: "cronDeadline"; readonly cron: string; readonly window: Duration; readonly timezone: string };

/**
 * Fresh while the last publish is younger than `failAfter`; a warning past `warnAfter`.
 * `warnAfter` must be shorter than `failAfter`.
 * @example maxLag({ warnAfter: "2h", failAfter: "6h" })
 */
export function maxLag(options: { readonly warnAfter?: Duration; readonly failAfter: Duration }): FreshnessPolicy {
  return Object.freeze({ kind: "maxLag", failAfter: options.failAfter, ...(options.warnAfter === undefined ? {} : { warnAfter: options.warnAfter }) });
}

/**
 * Fresh when, at each tick of `cron`, the asset was published within `window` before it.
 * @example cronDeadline({ cron: "0 9 * * 1-5", window: "3h", timezone: "Europe/London" })
 */
export function cronDeadline(options: { readonly cron: string; readonly window: Duration; readonly timezone?: string }): FreshnessPolicy {
  return Object.freeze({ kind: "cronDeadline", cron: options.cron, window: options.window, timezone: options.timezone ?? "UTC" });
}
