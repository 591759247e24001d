import type { CheckStore } from "./check-store.ts";
import type { IngestionLedger } from "./ingestion-ledger.ts";
import type { PiiKeyStore } from "./pii-key-store.ts";
import type { RunStore } from "./run-store.ts";
import type { SourceBatchLedger } from "./source-batch-ledger.ts";
import type { VersionStore } from "./version-store.ts";

export type { CheckStore, IngestionLedger, PiiKeyStore, RunStore, SourceBatchLedger, VersionStore };

/**
 * Where the runtime keeps what happened, composed of its roles: runs ({@link RunStore}),
 * materialisations and published versions ({@link VersionStore}), check results and profiles
 * ({@link CheckStore}), the ingestion ledger ({@link IngestionLedger}), the batches extracting
 * sources landed ({@link SourceBatchLedger}) and the PII key fingerprint ({@link PiiKeyStore}). Backends: SQLite (embedded default) and PostgreSQL (shared),
 * one implementation over one query layer (`queries/`); every role has its contract suite
 * (`test/state/contracts/`) run on both, and is safe to use from several processes at once.
 */
export interface StateStore extends RunStore, VersionStore, CheckStore, IngestionLedger, SourceBatchLedger, PiiKeyStore {
  close(): Promise<void>;
}
