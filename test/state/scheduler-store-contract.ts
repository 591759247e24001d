import { describe } from "vitest";
import type { SchedulerStore } from "../../runtime/state/scheduler-store.ts";
import { describeAlertStoreContract } from "./contracts/alert-store.ts";
import { describeSchedulerLedgerContract } from "./contracts/scheduler-ledger.ts";

/**
 * The scheduler's roles of the state store ({@link SchedulerLedger}, {@link AlertStore}), through
 * the interface only: every backend that keeps scheduler state runs it.
 */
export function describeSchedulerStoreContract(name: string, open: () => Promise<SchedulerStore>): void {
  describe(`${name}: scheduler state`, () => {
    describeSchedulerLedgerContract(open);
    describeAlertStoreContract(open);
  });
}
