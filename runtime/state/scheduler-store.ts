import type { AlertStore } from "./alert-store.ts";
import type { SchedulerLedger } from "./scheduler-ledger.ts";
import type { StateStore } from "./state-store.ts";

export type { DecisionRecord, LaunchClaim, PublishedSummary, SchedulerLedger } from "./scheduler-ledger.ts";
export type { AlertStore } from "./alert-store.ts";

/** The state a scheduler needs: the {@link StateStore} and the scheduler's roles. Kept by the same backends. */
export interface SchedulerStore extends StateStore, SchedulerLedger, AlertStore {}
