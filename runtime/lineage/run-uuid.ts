import { createHash } from "node:crypto";

/**
 * A UUID derived from `name` (SHA-256, version and variant bits set as UUID v8 asks): the same
 * materialisation always gets the same OpenLineage run id, so START and COMPLETE agree without
 * remembering anything.
 *
 * @example uuidFrom("run-1/clean/orders/2024-01-01") // "3f2a…-…-8…-…"
 */
export function uuidFrom(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The OpenLineage run id of one (asset, partition) of a Lakeform run. */
export function materialisationRunId(runId: string, asset: string, partition: string): string {
  return uuidFrom(`${runId}\u0000${asset}\u0000${partition}`);
}
