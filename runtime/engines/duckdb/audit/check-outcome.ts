import type { CheckSpec } from "../../../core/declare/check.ts";
import type { CheckStatus } from "../../../state/records.ts";
import type { CheckOutcome } from "../../engine.ts";

/** An outcome for `check`: failing → `fail` for errors, `warn` for warnings. */
export function outcome(
  check: Pick<CheckSpec, "name" | "kind" | "severity" | "blocking">,
  failed: boolean,
  message: string,
  metrics: CheckOutcome["metrics"],
  failingSample: CheckOutcome["failingSample"] = [],
): CheckOutcome {
  const status: CheckStatus = !failed ? "pass" : check.severity === "error" ? "fail" : "warn";
  return { check: check.name, kind: check.kind, severity: check.severity, blocking: check.blocking, status, message, metrics, failingSample };
}

/** An outcome for a check that could not be evaluated (status `error`, which blocks like a failure). */
export function errored(check: Pick<CheckSpec, "name" | "kind" | "severity" | "blocking">, message: string): CheckOutcome {
  return { check: check.name, kind: check.kind, severity: check.severity, blocking: check.blocking, status: "error", message, metrics: {}, failingSample: [] };
}
