import { afterAll, describe } from "vitest";
import type { StateStore } from "../../runtime/state/state-store.ts";
import { describeCheckStoreContract } from "./contracts/check-store.ts";
import { describeIngestionLedgerContract } from "./contracts/ingestion-ledger.ts";
import { describeSourceBatchLedgerContract } from "./contracts/source-batch-ledger.ts";
import { describePiiKeyStoreContract } from "./contracts/pii-key-store.ts";
import { describeRunStoreContract } from "./contracts/run-store.ts";
import { describeVersionStoreContract } from "./contracts/version-store.ts";
import { describeRunLifecycleContract } from "./contracts/run-lifecycle.ts";

/** Options of {@link describeStateStoreContract}. */
export interface StateStoreContractOptions {
  /** Runs once after the whole suite, e.g. to drop a database or delete temp files. @default nothing */
  readonly cleanup?: () => void | Promise<void>;
}

/**
 * The behaviour every {@link StateStore} backend must have: the contract suite of each of its
 * roles (`contracts/`), through the interface only. Each test gets a fresh, empty store from
 * `open` and closes it afterwards.
 *
 * @example
 * describeStateStoreContract("SQLite in memory", async () => SqliteStateStore.open(":memory:"));
 */
export function describeStateStoreContract(name: string, open: () => Promise<StateStore>, options: StateStoreContractOptions = {}): void {
  describe(`StateStore contract: ${name}`, () => {
    afterAll(async () => {
      await options.cleanup?.();
    });
    describeRunStoreContract(open);
    describeVersionStoreContract(open);
    describeRunLifecycleContract(open);
    describeCheckStoreContract(open);
    describeIngestionLedgerContract(open);
    describeSourceBatchLedgerContract(open);
    describePiiKeyStoreContract(open);
  });
}
