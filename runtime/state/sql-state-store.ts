import { alertQueries } from "./queries/alert-queries.ts";
import { checkQueries } from "./queries/check-queries.ts";
import { claimQueries } from "./queries/claim-queries.ts";
import { historyQueries } from "./queries/history-queries.ts";
import { ingestionQueries } from "./queries/ingestion-queries.ts";
import { piiKeyQueries } from "./queries/pii-key-queries.ts";
import { runQueries } from "./queries/run-queries.ts";
import { sourceBatchQueries } from "./queries/source-batch-queries.ts";
import { schedulerQueries } from "./queries/scheduler-queries.ts";
import type { StateSql } from "./queries/state-sql.ts";
import { versionQueries } from "./queries/version-queries.ts";
import type { SchedulerStore } from "./scheduler-store.ts";

// The class gets its methods from the role objects below; this merges their types into it.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface SqlStateStore extends SchedulerStore {}

/**
 * A {@link SchedulerStore} over the state query layer: every role (runs, versions, checks,
 * ingestion ledger, PII key, scheduler ledger, alerts) written once with Kysely, on the backend
 * `sql` gives (`SqliteStateStore`, `PostgresStateStore`).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SqlStateStore {
  protected constructor(sql: StateSql) {
    Object.assign(this, {
      ...runQueries(sql),
      ...versionQueries(sql),
      ...checkQueries(sql),
      ...ingestionQueries(sql),
      ...sourceBatchQueries(sql),
      ...piiKeyQueries(sql),
      ...claimQueries(sql),
      ...schedulerQueries(sql),
      ...historyQueries(sql),
      ...alertQueries(sql),
      close: () => sql.close(),
    } satisfies SchedulerStore);
  }
}
