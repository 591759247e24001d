import type { UiSource } from "./ui-source.ts";

/** The run page's data: the run and what it materialised. */
export interface RunView {
  readonly id: string;
  readonly selection: string;
  readonly trigger: string;
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly host: string;
  readonly pid: number;
  readonly summary: Readonly<Record<string, number>> | null;
  readonly materialisations: readonly { readonly id: number; readonly asset: string; readonly partition: string; readonly status: string; readonly phase: string; readonly rows: number | null; readonly startedAt: string; readonly finishedAt: string | null; readonly reason: string | null; readonly timings: Readonly<Record<string, number>> }[];
  /** Where the run's log lines are read: the UI shows the state store's records of the run; its log lines come from `lakeform logs --run <id>`. */
  readonly logs: string;
}

/** The recent runs, newest first, for the runs list. */
export async function loadRuns(source: UiSource, limit = 30): Promise<{ id: string; selection: string; trigger: string; status: string; startedAt: string; finishedAt: string | null }[]> {
  const runs = await source.state.listRuns({ limit });
  return runs.map((r) => ({ id: r.id, selection: r.selection, trigger: r.trigger, status: r.status, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null }));
}

/** The run `id`, or undefined when there is none. Reads the state store only. */
export async function loadRunView(source: UiSource, id: string): Promise<RunView | undefined> {
  const run = await source.state.getRun(id);
  if (run === undefined) return undefined;
  const materialisations = await source.state.materialisationsOfRun(id);
  return {
    id: run.id,
    selection: run.selection,
    trigger: run.trigger,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    host: run.host,
    pid: run.pid,
    summary: run.summary ?? null,
    materialisations: materialisations.map((m) => ({
      id: m.id, asset: m.asset, partition: m.partition, status: m.status, phase: m.phase, rows: m.rows ?? null,
      startedAt: m.startedAt.toISOString(), finishedAt: m.finishedAt?.toISOString() ?? null, reason: m.reason?.split("\n")[0] ?? null, timings: m.timings,
    })),
    logs: `lakeform logs --run ${run.id}`,
  };
}
