/**
 * A span of time written the way people write it: `"30m"`, `"6h"`, `"1d12h"`, `"2w"`.
 * Units: `ms`, `s`, `m` (minutes), `h`, `d`, `w`.
 */
export type Duration = `${number}${DurationUnit}${string}`;
type DurationUnit = "ms" | "s" | "m" | "h" | "d" | "w";

const UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const WHOLE = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/** Milliseconds in `text`, or `undefined` when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== "string" || !WHOLE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit as DurationUnit];
  return total;
}

/** `90_000_000` → `"1d1h"`: the inverse of `parseDuration`, for messages. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let text = "";
  for (const unit of ["d", "h", "m", "s", "ms"] as const) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}

/**
 * A duration for people, rounded to its two largest units: `68_262` → `"1m8s"`,
 * `3_725_000` → `"1h2m"`, `450` → `"450ms"`, `1_450` → `"1s"`. Exact values belong in `--json`.
 */
export function formatAge(ms: number): string {
  const abs = Math.abs(Math.round(ms));
  if (abs < 1_000) return `${abs}ms`;
  const units = ["d", "h", "m", "s"] as const;
  const roundTo = (value: number) => {
    const first = units.findIndex((unit) => value >= UNIT_MS[unit]);
    const size = UNIT_MS[units[Math.min(first + 1, units.length - 1)] ?? "s"];
    return Math.round(value / size) * size;
  };
  // Rounding may carry into a larger unit (59.6s → 60s → 1m): round again from the new top unit.
  let rest = roundTo(roundTo(abs));
  let text = "";
  let shown = 0;
  for (const unit of units) {
    if (shown === 2 || (shown === 1 && rest === 0)) break;
    if (rest >= UNIT_MS[unit]) {
      text += `${Math.floor(rest / UNIT_MS[unit])}${unit}`;
      rest %= UNIT_MS[unit];
      shown++;
    } else if (shown === 1) shown++;
  }
  return text;
}
