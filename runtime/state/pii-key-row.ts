import type { PiiKeyRecord } from "./records.ts";

/** The `pii_key` row, as both backends store it. */
export interface PiiKeyRow {
  readonly fingerprint: string;
  readonly recorded_at: number;
  readonly previous_fingerprint: string | null;
}

export function toPiiKeyRecord(row: PiiKeyRow): PiiKeyRecord {
  return { fingerprint: row.fingerprint, recordedAt: new Date(Number(row.recorded_at)), previousFingerprint: row.previous_fingerprint ?? undefined };
}
