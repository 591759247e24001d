import type { CheckResultRecord, ProfileRecord } from "./records.ts";

/**
 * Check results and profiles of materialisations.
 */
export interface CheckStore {
  recordCheckResults(results: readonly CheckResultRecord[]): Promise<void>;
  /** Results of the newest materialisation of `asset` that has results, or of `materialisationId`. */
  checkResults(asset: string, options?: { readonly materialisationId?: number; readonly partition?: string }): Promise<CheckResultRecord[]>;
  recordProfile(profile: ProfileRecord): Promise<void>;
  latestProfile(asset: string, partition?: string): Promise<ProfileRecord | undefined>;
}
