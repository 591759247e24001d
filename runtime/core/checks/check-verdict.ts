import type { CheckSpec } from "../declare/check.ts";

/** pass; a failing warning; a failing error; or could not be evaluated (blocks like a failure). */
export type CheckVerdictStatus = "pass" | "warn" | "fail" | "error";

/** The outcome of one check on staged data, the same whichever engine audited it. */
export interface CheckVerdict {
  readonly check: string;
  readonly kind: string;
  readonly severity: "warn" | "error";
  readonly blocking: boolean;
  readonly status: CheckVerdictStatus;
  /** e.g. "3 nulls of 10,000 rows". */
  readonly message: string;
  /** e.g. `{ failing: 3, rows: 10000 }`. */
  readonly metrics: Readonly<Record<string, number | string | null>>;
  /** A few failing rows, as JSON objects. */
  readonly failingSample: readonly Readonly<Record<string, unknown>>[];
}

/** What a verdict needs to know of its check. */
export type CheckIdentity = Pick<CheckSpec, "name" | "kind" | "severity" | "blocking">;

/** A verdict for `check`: failing → `fail` for errors, `warn` for warnings. */
export function verdict(check: CheckIdentity, failed: boolean, message: string, metrics: CheckVerdict["metrics"], failingSample: CheckVerdict["failingSample"] = []): CheckVerdict {
  const status: CheckVerdictStatus = !failed ? "pass" : check.severity === "error" ? "fail" : "warn";
  return { check: check.name, kind: check.kind, severity: check.severity, blocking: check.blocking, status, message, metrics, failingSample };
}

/** A verdict for a check that could not be evaluated (status `error`, which blocks like a failure). */
export function errorVerdict(check: CheckIdentity, message: string): CheckVerdict {
  return { check: check.name, kind: check.kind, severity: check.severity, blocking: check.blocking, status: "error", message, metrics: {}, failingSample: [] };
}
