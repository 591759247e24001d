import type { NewRun, RunRecord, RunStatus } from "../records.ts";
import type { RunStore } from "../run-store.ts";
import { invalidValueError, runExistsError, runNotRunningError, unknownRunError } from "../state-errors.ts";
import { toCount, toMillis } from "../stored-values.ts";
import { toRunRecord } from "./row-mappers.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { SqlExecutor, StateSql } from "./state-sql.ts";

const finishedRunStatuses: ReadonlySet<string> = new Set<Exclude<RunStatus, "running">>(["succeeded", "failed", "partial"]);

const runById = preparedQuery((s, v: { id: string }) => s.db.selectFrom("runs").selectAll().where("id", "=", v.id));
const lockedRunById = {
  update: preparedQuery((s, v: { id: string }) => s.lockRows(s.db.selectFrom("runs").selectAll().where("id", "=", v.id), "update")),
  share: preparedQuery((s, v: { id: string }) => s.lockRows(s.db.selectFrom("runs").selectAll().where("id", "=", v.id), "share")),
};

const insertRun = preparedQuery((s, v: { id: string; selection: string; trigger: string; startedAt: number; pid: number; host: string }) =>
  s.db
    .insertInto("runs")
    .values({ id: v.id, selection: v.selection, run_trigger: v.trigger, status: "running", started_at: v.startedAt, heartbeat_at: v.startedAt, pid: v.pid, host: v.host })
    .onConflict((oc) => oc.column("id").doNothing())
    .returningAll(),
);
const heartbeatRun = preparedQuery((s, v: { id: string; at: number }) => s.db.updateTable("runs").set({ heartbeat_at: v.at }).where("id", "=", v.id));
const finishRunRow = preparedQuery((s, v: { id: string; status: string; finishedAt: number; summary: string }) =>
  s.db.updateTable("runs").set({ status: v.status, finished_at: v.finishedAt, summary: v.summary }).where("id", "=", v.id),
);

/** The run that `runId` names, as `tx` sees it; locked (`mode`) until the transaction ends. */
export async function findRun(s: StateSql, tx: SqlExecutor, runId: string, mode?: "update" | "share"): Promise<RunRecord | undefined> {
  const query = mode === undefined ? runById(s, { id: runId }) : lockedRunById[mode](s, { id: runId });
  const row = await tx.first(query);
  return row === undefined ? undefined : toRunRecord(row);
}

/** {@link RunStore} over the query layer. */
export function runQueries(s: StateSql): RunStore {
  return {
    async createRun(run: NewRun): Promise<RunRecord> {
      const startedAt = toMillis(run.startedAt, `Run "${run.id}" startedAt`);
      const pid = toCount(run.pid, `Run "${run.id}" pid`);
      const row = await s.first(insertRun(s, { id: run.id, selection: run.selection, trigger: run.trigger, startedAt, pid, host: run.host }));
      if (row === undefined) throw runExistsError(run.id);
      return toRunRecord(row);
    },

    async heartbeat(runId: string, at: Date): Promise<void> {
      const ms = toMillis(at, `Run "${runId}" heartbeat`);
      if ((await s.run(heartbeatRun(s, { id: runId, at: ms }))) === 0) throw unknownRunError(runId);
    },

    async finishRun(runId: string, status: Exclude<RunStatus, "running">, finishedAt: Date, summary: Readonly<Record<string, number>>): Promise<void> {
      if (!finishedRunStatuses.has(status)) throw invalidValueError(`Run "${runId}" status`, status, "succeeded, failed or partial");
      const ms = toMillis(finishedAt, `Run "${runId}" finishedAt`);
      await s.write(async (tx) => {
        const run = await findRun(s, tx, runId, "update");
        if (run === undefined) throw unknownRunError(runId);
        if (run.status !== "running") throw runNotRunningError(run, "be finished again");
        await tx.run(finishRunRow(s, { id: runId, status, finishedAt: ms, summary: JSON.stringify(summary) }));
      });
    },

    async getRun(runId: string): Promise<RunRecord | undefined> {
      return findRun(s, s, runId);
    },

    async listRuns(options: { readonly limit?: number } = {}): Promise<RunRecord[]> {
      const limit = options.limit === undefined ? undefined : toCount(options.limit, "listRuns limit");
      const query = s.db.selectFrom("runs").selectAll().orderBy("started_at", "desc").orderBy(s.db.dynamic.ref<"id">(s.runInsertionOrder), "desc");
      return (await s.rows(limit === undefined ? query : query.limit(limit))).map(toRunRecord);
    },
  };
}
