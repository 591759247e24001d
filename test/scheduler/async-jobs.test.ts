import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asset, buildAssetGraph, col, cron, daily, partitionKey, ref, sql } from "lakeform";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { executePlan } from "../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../runtime/run/materialization-plan.ts";
import { openRuntime, type OpenRuntime } from "../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../runtime/run/progress-reporter.ts";
import { tick, type TickReport } from "../../runtime/scheduler/tick.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { FakeAsyncEngine, FakeCluster } from "../support/fake-async-engine.ts";

const orders = asset("clean/orders", {
  owners: ["team:data"],
  columns: { day: col.date(), n: col.int64() },
  partitions: daily({ start: "2024-03-20", timezone: "UTC" }),
  compute: sql`select cast(${partitionKey} as date) as day, 3 as n`,
  schedule: cron("0 3 * * *", { timezone: "UTC" }),
  retries: { max: 2, backoff: "1m" },
});
const totals = asset("curated/order_totals", {
  owners: ["team:data"],
  columns: { day: col.date(), n: col.int64() },
  partitions: daily({ start: "2024-03-20", timezone: "UTC" }),
  compute: sql`select day, sum(n) as n from ${ref(orders)} group by day`,
});
const graph = buildAssetGraph([orders, totals]);

let root: string;
let cluster: FakeCluster;
/** The clock of every process: the tick's time, as the CLI sets it. */
let clock = new Date(0);
const opened: OpenRuntime[] = [];

/** A new process: its own state store connection and DuckDB, the cluster's jobs shared. */
async function newProcess(): Promise<OpenRuntime> {
  const config = runtimeConfigFrom({ LAKEFORM_PII_KEY: "test-pii-key-0123456789" });
  const runtime = await openRuntime(graph, workspaceOf({ environment: "dev", cwd: root }), config, () => clock);
  opened.push(runtime);
  return { ...runtime, engine: new FakeAsyncEngine(cluster, runtime.engine) };
}

async function tickAt(runtime: OpenRuntime, iso: string): Promise<TickReport> {
  clock = new Date(iso);
  return tick(runtime, { now: clock, routes: { owners: {}, fallback: [] }, reporter: silentReporter });
}

const published = async (runtime: OpenRuntime, asset: string) => (await runtime.state.publishedVersions(asset)).map((v) => v.partition);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "lakeform-async-"));
  cluster = new FakeCluster();
});
afterEach(async () => {
  for (const runtime of opened.splice(0)) await runtime.close();
  rmSync(root, { recursive: true, force: true });
});

describe("the run lifecycle as persisted jobs, on an engine whose jobs do not complete inline", () => {
  it("tick 1 submits and records the job id; tick 2, in a new process, re-attaches, polls, audits and publishes", async () => {
    const first = await newProcess();
    const one = await tickAt(first, "2024-03-21T03:00:00Z");
    expect(one.decisions.filter((d) => d.action === "launch").map((d) => `${d.asset} ${d.partition}`)).toContain("clean/orders 2024-03-20");
    expect(cluster.submitted).toHaveLength(1);
    const [job] = cluster.submitted;
    const [m] = await first.state.materialisationHistory("clean/orders");
    expect(m).toMatchObject({ status: "running", phase: "submitted", jobId: job, detached: true });
    expect(one.run?.results.find((r) => r.key === "clean/orders")).toMatchObject({ status: "submitted" });
    expect(await published(first, "clean/orders")).toEqual([]);
    expect((await first.state.getRun(one.run?.runId ?? ""))?.status).toBe("running");

    // The job still runs: a tick looks, and leaves it (nothing launched twice).
    const second = await newProcess();
    const two = await tickAt(second, "2024-03-21T03:05:00Z");
    expect(two.advanced).toEqual([]);
    expect(cluster.submitted).toHaveLength(1);
    expect(two.decisions.some((d) => d.asset === "clean/orders" && d.action === "launch")).toBe(false);

    cluster.release(job);
    const third = await newProcess();
    const three = await tickAt(third, "2024-03-21T03:10:00Z");
    expect(three.advanced).toEqual([expect.objectContaining({ key: "clean/orders", partition: "2024-03-20", status: "published", rows: 1 })]);
    expect(await published(third, "clean/orders")).toEqual(["2024-03-20"]);
    const [done] = await third.state.materialisationHistory("clean/orders");
    expect(done).toMatchObject({ id: m?.id, status: "published", phase: "audited", jobId: job });
    expect(done?.digests).toHaveLength(1);
    expect((await third.state.getRun(one.run?.runId ?? ""))?.status).toBe("succeeded");
  });

  it("fails a job whose id can no longer be attached with a clear reason, then retries it by policy", async () => {
    const first = await newProcess();
    await tickAt(first, "2024-03-21T03:00:00Z");
    const [job] = cluster.submitted;
    cluster.forget(job ?? "");

    const second = await newProcess();
    const two = await tickAt(second, "2024-03-21T03:01:00Z");
    expect(two.advanced).toEqual([expect.objectContaining({ key: "clean/orders", status: "failed" })]);
    const [failed] = await second.state.materialisationHistory("clean/orders");
    expect(failed?.status).toBe("failed");
    expect(failed?.reason).toBe(
      `Asset "clean/orders" partition 2024-03-20: job ${job} can no longer be attached on the emr engine (the process that ran it died, or the engine forgot it); nothing it wrote was published. Fix: none needed — the retry policy runs it again as a new attempt, or run lakeform materialize.`,
    );

    const three = await tickAt(second, "2024-03-21T04:00:00Z");
    expect(three.decisions.filter((d) => d.asset === "clean/orders" && d.action === "launch").map((d) => d.trigger)).toEqual(["retry"]);
    expect(cluster.submitted).toHaveLength(2);
    expect(cluster.submitted[1]).not.toBe(job);
  });

  it("materialize still runs inline to the end on the same engine", async () => {
    cluster.release();
    const runtime = await newProcess();
    // Released as soon as submitted: an inline run waits on the job.
    const engine = runtime.engine as FakeAsyncEngine;
    const submit = engine.submit.bind(engine);
    engine.submit = async (request) => {
      const job = await submit(request);
      cluster.release(job.id);
      return job;
    };
    const plan = planMaterialization(graph, "*", ["clean/orders", "curated/order_totals"], { kind: "one", key: "2024-03-20" }, new Date("2024-03-21T03:00:00Z"));
    const report = await executePlan(runtime, plan, silentReporter);
    expect(report.results.map((r) => `${r.key} ${r.status}`)).toEqual(["clean/orders published", "curated/order_totals published"]);
    expect(await published(runtime, "curated/order_totals")).toEqual(["2024-03-20"]);
    expect((await runtime.state.getRun(report.runId))?.status).toBe("succeeded");
  });
});
