import type { FileDigest } from "./records.ts";
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

/** File digests of a publish: each a key, a byte count and a SHA-256 of 64 hex digits. */
export function toDigests(digests: readonly FileDigest[] | undefined, what: string): FileDigest[] {
  return (digests ?? []).map((d) => {
    if (!/^[0-9a-f]{64}$/.test(d.sha256)) throw invalidValueError(`${what} sha256 of "${d.key}"`, d.sha256, "64 lowercase hex digits");
    return { key: d.key, bytes: toCount(d.bytes, `${what} bytes of "${d.key}"`), sha256: d.sha256 };
  });
}

/**
 * Whether `id` can be a stored id at all. Others (fractions, NaN, unsafe integers) match
 * nothing, on every backend, instead of failing PostgreSQL's `bigint` cast.
 */
export function isStoredId(id: number): boolean {
  return Number.isSafeInteger(id);
}
