import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, cron, daily, partitionKey, sql } from "lakeform";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { lineageObserver } from "../../runtime/lineage/lineage-observer.ts";
import type { RunEvent } from "../../runtime/lineage/run-event.ts";
import { readRunLogs } from "../../runtime/logs/read-run-logs.ts";
import { runLogWriter } from "../../runtime/logs/run-log-writer.ts";
import { openRuntime, type OpenRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import { combineObservers } from "../../runtime/run/run-observer.ts";
import { tick } from "../../runtime/scheduler/tick.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { FakeAsyncEngine, FakeCluster } from "../support/fake-async-engine.ts";
import { openLineageValidator } from "./openlineage-schemas.ts";

const orders = asset("clean/orders", {
  owners: ["team:data"],
  columns: { day: col.date(), n: col.int64() },
  partitions: daily({ start: "2024-03-20", timezone: "UTC" }),
  compute: sql`select cast(${partitionKey} as date) as day, 3 as n`,
  schedule: cron("0 3 * * *", { timezone: "UTC" }),
});
const graph = buildAssetGraph([orders]);

let root: string;
let cluster: FakeCluster;
let clock = new Date(0);
const opened: OpenRuntime[] = [];
const warnings: string[] = [];

/** A new process on the cluster, observed as the CLI observes runs. */
async function newProcess(emitted: RunEvent[]): Promise<OpenRuntime> {
  const runtime = await openRuntime(graph, workspaceOf({ environment: "dev", cwd: root }), runtimeConfigFrom({}), () => clock);
  opened.push(runtime);
  const lineage = lineageObserver({ graph, state: runtime.state, store: runtime.store, namespace: "lakeform://dev", transports: [{ name: "memory", send: async (e) => void emitted.push(e) }], warn: (m) => warnings.push(m) });
  return { ...runtime, engine: new FakeAsyncEngine(cluster, runtime.engine), observer: combineObservers([runLogWriter(runtime.workspace.logsDir), lineage]) };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "lakeform-lineage-async-"));
  cluster = new FakeCluster();
});
afterEach(async () => {
  for (const runtime of opened.splice(0)) await runtime.close();
  rmSync(root, { recursive: true, force: true });
});

describe("a job that runs on past its tick", () => {
  it("starts in the tick that submits it and completes in the tick that publishes it, under the same run ids", async () => {
    const events: RunEvent[] = [];
    const first = await newProcess(events);
    clock = new Date("2024-03-21T03:00:00Z");
    const one = await tick(first, { now: clock, routes: { owners: {}, fallback: [] }, reporter: silentReporter });
    await first.observer?.flush?.();
    expect(events.map((e) => e.eventType)).toEqual(["START"]);
    const [job] = cluster.submitted;
    cluster.release(job ?? "");

    const second = await newProcess(events);
    clock = new Date("2024-03-21T03:10:00Z");
    await tick(second, { now: clock, routes: { owners: {}, fallback: [] }, reporter: silentReporter });
    await second.observer?.flush?.();
    expect(events.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    const [start, complete] = events as [RunEvent, RunEvent];
    expect(complete.run.runId).toBe(start.run.runId);
    expect(complete.outputs[0]?.outputFacets?.outputStatistics).toMatchObject({ rowCount: 1 });
    const validator = openLineageValidator();
    expect(events.flatMap((e) => validator.problems(e))).toEqual([]);
    expect(warnings).toEqual([]);
    // The run log has both ends too, under the run that submitted the job.
    const lines = readRunLogs(first.workspace.logsDir, { runId: one.run?.runId ?? "" }).filter((l) => l.asset === "clean/orders");
    expect(lines.map((l) => `${l.event} ${l.status ?? ""}`)).toEqual(["step_started ", "step_finished submitted", "step_finished published"]);
  });
});
