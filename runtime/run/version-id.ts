import { randomBytes } from "node:crypto";

/** A new data version id: sortable by time, unique across processes (`v-lz3k9x2a-5f1c0e`). */
export function newVersionId(now: Date): string {
  return `v-${now.getTime().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/** A new run id (`run-lz3k9x2a-7a0b3c9d`). */
export function newRunId(now: Date): string {
  return `run-${now.getTime().toString(36)}-${randomBytes(4).toString("hex")}`;
}
