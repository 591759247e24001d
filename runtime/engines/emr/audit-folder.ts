import { createHash } from "node:crypto";

/**
 * The artifacts folder of one partition's audit, derived from the staged version's location, so
 * that `audit` finds what the step wrote without a lookup: `audits/<hash>/` holds the plan
 * (`plan.json`), the columns the asset's SQL returned (`columns/`), the row count (`rows/`), the scan (`scan/`), each check's query (`q<i>/`) and
 * failing sample (`s<i>/`).
 */
export function auditFolder(outputUri: string): string {
  return `audits/${createHash("sha256").update(outputUri).digest("hex").slice(0, 24)}/`;
}
