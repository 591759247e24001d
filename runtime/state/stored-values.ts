import { invalidValueError } from "./state-errors.ts";

/**
 * Checks on values before a state store keeps them, shared by every backend so that all of them
 * refuse the same inputs with the same messages.
 */

/** Milliseconds since the epoch of a valid Date. */
export function toMillis(date: Date, what: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw invalidValueError(what, date, "a valid Date");
  return ms;
}

/** A count (rows, bytes, pid, limit): a non-negative safe integer. */
export function toCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw invalidValueError(what, value, "a non-negative integer");
  return value;
}
