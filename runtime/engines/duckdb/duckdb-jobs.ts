import { LakeformError } from "../../core/errors.ts";
import type { EngineJob, JobResult, JobStatus } from "../engine-job.ts";

/** How many finished jobs stay attachable; older ones are forgotten first. */
const KEPT_JOBS = 1000;

/** How often a cancellation interrupts the session until the running job stops. */
const INTERRUPT_EVERY_MS = 20;

/** The work of one job: runs with a way to ask whether it was cancelled meanwhile; `undo` removes what a cancelled run wrote. */
export interface JobWork {
  readonly id: string;
  readonly asset: string;
  run(cancelled: () => boolean): Promise<JobResult>;
  undo(): Promise<void>;
}

function cancelledError(asset: string, id: string): LakeformError {
  return new LakeformError(`Asset "${asset}": job ${id} was cancelled before it finished; nothing it wrote is kept. Fix: submit it again with a new attempt to compute it.`);
}

/** One job of the embedded engine, run by {@link DuckDBJobs}. */
class DuckDBJob implements EngineJob {
  readonly estimate = undefined;
  status: JobStatus = { state: "queued" };
  private cancelRequested = false;
  readonly done: Promise<JobResult>;
  private settle!: { resolve: (result: JobResult) => void; reject: (error: unknown) => void };

  constructor(
    private readonly work: JobWork,
    private readonly interrupt: () => void,
  ) {
    this.done = new Promise<JobResult>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  get id(): string {
    return this.work.id;
  }

  get asset(): string {
    return this.work.asset;
  }

  /** Runs the work now (the queue's turn has come), unless it was cancelled while queued. */
  async start(): Promise<void> {
    if (this.status.state !== "queued") return;
    this.status = { state: "running" };
    try {
      const result = await this.work.run(() => this.cancelRequested);
      if (this.cancelRequested) return await this.finishCancelled();
      this.status = { state: "succeeded" };
      this.settle.resolve(result);
    } catch (error) {
      if (this.cancelRequested) return await this.finishCancelled();
      this.status = { state: "failed", error: error instanceof Error ? error.message : String(error) };
      this.settle.reject(error);
    }
  }

  private async finishCancelled(): Promise<void> {
    this.status = { state: "cancelled" };
    await this.work.undo().catch(() => undefined);
    this.settle.reject(cancelledError(this.asset, this.id));
  }

  async poll(): Promise<JobStatus> {
    return this.status;
  }

  wait(): Promise<JobResult> {
    return this.done;
  }

  async cancel(): Promise<void> {
    if (this.status.state !== "queued" && this.status.state !== "running") return;
    this.cancelRequested = true;
    // A queued job is cancelled at once; when its turn comes, it does not start.
    if (this.status.state === "queued") return this.finishCancelled();
    // An interrupt between two statements is lost: repeat it until the job has stopped.
    this.interrupt();
    const again = setInterval(() => !this.finished && this.interrupt(), INTERRUPT_EVERY_MS);
    await this.done.catch(() => undefined);
    clearInterval(again);
  }

  get finished(): boolean {
    return this.status.state !== "queued" && this.status.state !== "running";
  }
}

/**
 * The jobs of one DuckDB session: run one at a time in submission order (the session has one
 * connection), kept by id so a second submission of the same id, or `attach`, finds the job
 * instead of running it again. Other work on the session (audits, loads) takes its turn in the
 * same queue through {@link exclusive}, so a cancellation interrupts only the job it cancels.
 */
export class DuckDBJobs {
  private readonly jobs = new Map<string, DuckDBJob>();
  private tail: Promise<unknown> = Promise.resolve();

  /** @param interrupt stops the statement running on the session now */
  constructor(private readonly interrupt: () => void) {}

  /** The job `work.id`, submitted now unless it exists. */
  submit(work: JobWork): EngineJob {
    const existing = this.jobs.get(work.id);
    if (existing !== undefined) return existing;
    const job = new DuckDBJob(work, this.interrupt);
    this.jobs.set(work.id, job);
    this.forgetOld();
    this.tail = this.tail.then(() => job.start());
    return job;
  }

  get(id: string): EngineJob | undefined {
    return this.jobs.get(id);
  }

  /** Runs `work` on the session when the jobs submitted before it are done. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(work);
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Cancels every job not finished yet (the engine is closing). */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => job.cancel()));
  }

  private forgetOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEPT_JOBS) return;
      if (job.finished) this.jobs.delete(id);
    }
  }
}
