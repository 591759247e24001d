import type { AuditContext } from "../core/checks/read-audit.ts";
import type { AuditRequest } from "./engine.ts";

/** What the audit of `request` knows besides the data, the same on every engine. */
export function auditContext(request: AuditRequest, window: { start: Date; end: Date } | undefined): AuditContext {
  return {
    partition: request.partition,
    drift: request.drift,
    rowHistory: request.rowHistory,
    now: request.now,
    windowEnd: window?.end,
    ...(request.unmatchedLandingFiles === undefined ? {} : { unmatchedLandingFiles: request.unmatchedLandingFiles }),
    ...(request.keysGoneAtSource === undefined ? {} : { keysGoneAtSource: request.keysGoneAtSource }),
  };
}
