/**
 * Amounts are integer cents throughout the demo, so totals add up to the cent exactly as the
 * clean tier's reconciliation checks expect; they become decimal text only when written.
 */

/** Cents as decimal text with two places: `1290` → `"12.90"`. */
export function formatCents(cents: number): string {
  if (!Number.isInteger(cents)) throw new Error(`formatCents: ${cents} is not a whole number of cents`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** `percent` % of `cents`, rounded down to the cent (a discount never exceeds its share). */
export function percentOf(cents: number, percent: number): number {
  return Math.floor((cents * percent) / 100);
}

/** `percent` % of `cents`, rounded half up to the cent (tax). */
export function roundedPercentOf(cents: number, percent: number): number {
  return Math.round((cents * percent) / 100);
}
