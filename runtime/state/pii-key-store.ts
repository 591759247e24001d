import type { PiiKeyRecord } from "./records.ts";

/**
 * The fingerprint of the PII key in force (never the key), so that a run hashing with another
 * key is refused.
 */
export interface PiiKeyStore {
  /** The fingerprint of the PII key in force, or undefined before any PII was hashed. */
  piiKeyFingerprint(): Promise<PiiKeyRecord | undefined>;
  /**
   * Records `fingerprint` as the PII key in force unless one is recorded already (the first
   * writer wins, in any process), and returns the one in force.
   */
  recordPiiKeyFingerprint(fingerprint: string, at: Date): Promise<PiiKeyRecord>;
  /** Makes `fingerprint` the PII key in force (`lakeform pii rotate-key`), keeping the one it replaces. */
  rotatePiiKeyFingerprint(fingerprint: string, at: Date): Promise<PiiKeyRecord>;
}
