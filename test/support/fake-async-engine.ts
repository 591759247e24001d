import type { AuditRequest, AuditResult, Engine, EngineJob, EngineRequest, InputRelation, JobResult, JobStatus, QueryResult } from "../../runtime/engines/engine.ts";
import { jobIdOf } from "../../runtime/engines/job-id.ts";

/**
 * What a remote engine (EMR, BigQuery) keeps outside the process: its jobs by id, their status,
 * and whether the test has let them finish. Shared by the engines of several "processes" (runtimes),
 * so a new runtime re-attaches to a job an earlier one submitted.
 */
export class FakeCluster {
  readonly jobs = new Map<string, { status: JobStatus; request: EngineRequest; result?: JobResult; released: boolean }>();
  readonly submitted: string[] = [];

  /** Lets job `id` (or every job) finish: it computes on `compute` the next time it is polled. */
  release(id?: string): void {
    for (const [jobId, job] of this.jobs) if (id === undefined || jobId === id) job.released = true;
  }

  /** The cluster loses job `id` (it can no longer be attached). */
  forget(id: string): void {
    this.jobs.delete(id);
  }
}

/**
 * An asynchronous engine for tests: jobs stay `running` until the test releases them, then compute
 * their result on a real engine (`compute`, e.g. DuckDB) when polled; `attach` finds any job the
 * {@link FakeCluster} still knows, from any runtime. Audits and queries run on `compute`.
 */
export class FakeAsyncEngine implements Engine {
  readonly name = "emr";
  readonly completesInline = false;

  constructor(
    private readonly cluster: FakeCluster,
    private readonly compute: Engine,
  ) {}

  get dialect() {
    return this.compute.dialect;
  }

  async submit(request: EngineRequest): Promise<EngineJob> {
    const id = jobIdOf(request);
    if (!this.cluster.jobs.has(id)) {
      this.cluster.jobs.set(id, { status: { state: "running" }, request, released: false });
      this.cluster.submitted.push(id);
    }
    return this.job(id);
  }

  async attach(jobId: string): Promise<EngineJob | undefined> {
    return this.cluster.jobs.has(jobId) ? this.job(jobId) : undefined;
  }

  private job(id: string): EngineJob {
    const cluster = this.cluster;
    const compute = this.compute;
    const entry = () => {
      const found = cluster.jobs.get(id);
      if (found === undefined) throw new Error(`job ${id} is gone`);
      return found;
    };
    const poll = async (): Promise<JobStatus> => {
      const job = entry();
      if (job.status.state === "running" && job.released) {
        try {
          job.result = await (await compute.submit(job.request)).wait();
          job.status = { state: "succeeded" };
        } catch (error) {
          job.status = { state: "failed", error: error instanceof Error ? error.message : String(error) };
        }
      }
      return job.status;
    };
    return {
      id,
      asset: entry().request.node.key,
      estimate: undefined,
      poll,
      async wait() {
        const status = await poll();
        const job = entry();
        if (status.state === "succeeded" && job.result !== undefined) return job.result;
        throw new Error(`job ${id} is ${status.state}`);
      },
      async cancel() {
        entry().status = { state: "cancelled" };
      },
    };
  }

  audit(request: AuditRequest): Promise<AuditResult> {
    return this.compute.audit(request);
  }

  query(sql: string, views: readonly InputRelation[]): Promise<QueryResult> {
    return this.compute.query(sql, views);
  }

  async close(): Promise<void> {}
}
