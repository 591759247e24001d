import type { NewRun, RunRecord, RunStatus } from "./records.ts";

/**
 * The runs of the runtime: one per `lakeform materialize` or scheduler launch, with their
 * heartbeats (a run whose process died is found by its liveness, see `process-liveness.ts`).
 */
export interface RunStore {
  createRun(run: NewRun): Promise<RunRecord>;
  /** Records a sign of life of a running run. */
  heartbeat(runId: string, at: Date): Promise<void>;
  finishRun(runId: string, status: Exclude<RunStatus, "running">, finishedAt: Date, summary: Readonly<Record<string, number>>): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(options?: { readonly limit?: number }): Promise<RunRecord[]>;
}
