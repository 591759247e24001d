/**
 * - `PASS`: fresh; `WARN`: past `warnAfter`; `FAIL`: past `failAfter` or a missed deadline;
 * - `UNKNOWN`: never published, nothing to measure; `NOT_APPLICABLE`: no freshness policy.
 */
export type FreshnessState = "PASS" | "WARN" | "FAIL" | "UNKNOWN" | "NOT_APPLICABLE";

/** A freshness verdict with the measured lag and a sentence for people. */
export interface FreshnessResult {
  readonly state: FreshnessState;
  /** Milliseconds the data is behind, when measured. */
  readonly lagMs: number | undefined;
  readonly reason: string;
}

/** Worst first: FAIL > WARN > UNKNOWN > PASS > NOT_APPLICABLE. */
export const SEVERITY: Readonly<Record<FreshnessState, number>> = { FAIL: 4, WARN: 3, UNKNOWN: 2, PASS: 1, NOT_APPLICABLE: 0 };

/** The worse of two states. */
export function worse(a: FreshnessResult, b: FreshnessResult): FreshnessResult {
  return SEVERITY[b.state] > SEVERITY[a.state] ? b : a;
}
