import { rm } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { assertNever } from "../../core/assert-never.ts";
import { LakeformError } from "../../core/errors.ts";
import { windowOf } from "../../core/partitions/time-window.ts";
import { duckdbDialect } from "../../core/sql/dialects.ts";
import type { LandingLoader, LandingLoadRequest, LandingLoadResult } from "../../sources/file-drop/landing-loader.ts";
import type { AuditRequest, AuditResult, Engine, EngineJob, EngineRequest, InputRelation, JobResult, PartitionOutput, QueryResult } from "../engine.ts";
import { jobIdOf } from "../job-id.ts";
import { auditRange } from "./audit/audit-range.ts";
import { auditStaged } from "./audit/audit-staged.ts";
import { DuckDBJobs } from "./duckdb-jobs.ts";
import { DuckDBSession, type DuckDBSettings } from "./duckdb-session.ts";
import { loadLanding } from "./load-landing.ts";
import { localPathFor } from "./local-files.ts";
import { materializeFn } from "./materialize-fn.ts";
import { materializeSql } from "./materialize-sql.ts";
import { isRangeRequest, materializeSqlRange } from "./materialize-sql-range.ts";
import type { PartitionWork, WrittenPartition } from "./partition-work.ts";
import { runSandboxedQuery, type SandboxSettings } from "./query-sandbox.ts";

/**
 * The embedded default engine: DuckDB in this process, over local Parquet files. SQL assets
 * stream from Parquet to Parquet inside DuckDB; TypeScript functions stream typed rows; checks
 * are fused into one scan. Jobs run one at a time in this process (see {@link DuckDBJobs}); a
 * job is known to the engine that ran it, so `attach` finds it only there. It also loads
 * file drops ({@link LandingLoader}). Memory is capped by DuckDB's memory limit (it spills beyond it).
 */
export class DuckDBEngine implements Engine, LandingLoader {
  readonly name = "duckdb";
  readonly dialect = duckdbDialect;
  readonly completesInline = true;
  private readonly jobs: DuckDBJobs;

  private constructor(
    private readonly session: DuckDBSession,
    private readonly scratchDir: string,
    private readonly sandbox: SandboxSettings,
    private readonly profileSampleRows: number,
  ) {
    this.jobs = new DuckDBJobs(() => session.connection.interrupt());
  }

  static async create(settings: DuckDBSettings): Promise<DuckDBEngine> {
    const sandbox = { ...(settings.memoryLimit === undefined ? {} : { memoryLimit: settings.memoryLimit }), ...(settings.threads === undefined ? {} : { threads: settings.threads }) };
    return new DuckDBEngine(await DuckDBSession.open(settings), settings.tempDirectory, sandbox, settings.profileSampleRows ?? 0);
  }

  /** Queues the job (DuckDB makes no cost estimate, so a guard is never consulted). */
  async submit(request: EngineRequest): Promise<EngineJob> {
    const id = jobIdOf(request);
    return this.jobs.submit({
      id,
      asset: request.node.key,
      run: (cancelled) => this.run(request, cancelled),
      undo: () => this.removeOutputs(request),
    });
  }

  async attach(jobId: string): Promise<EngineJob | undefined> {
    return this.jobs.get(jobId);
  }

  /** Partitions one after the other; a cancellation is noticed between them (and interrupts the statement running). */
  private async run(request: EngineRequest, cancelled: () => boolean): Promise<JobResult> {
    const node = request.node;
    for (const target of request.partitions) {
      localPathFor(target.output, node.key);
      for (const input of target.inputs.values()) for (const location of input.files) if (!(this.session.readsS3 && location.kind === "files" && location.uri.startsWith("s3://"))) localPathFor(location, node.key);
    }
    // Consecutive partitions of an asset that names its partition column: one statement for the range.
    if (isRangeRequest(request)) return { partitions: await materializeSqlRange(this.session, request, cancelled) };
    const written: PartitionOutput[] = [];
    for (const target of request.partitions) {
      if (cancelled()) break;
      const result = await this.materialize({ ...target, node });
      written.push({ partition: target.partition, output: target.output, ...result });
    }
    return { partitions: written };
  }

  private async materialize(work: PartitionWork): Promise<WrittenPartition> {
    const compute = work.node.compute;
    switch (compute.kind) {
      case "sql":
        return materializeSql(this.session, work, compute);
      case "fn":
        return materializeFn(this.session, work, compute, join(this.scratchDir, `fn-${randomUUID()}.jsonl`));
      case "ingest":
        throw new LakeformError(`Asset "${work.node.key}": it is a source, whose landing files load through a LandingLoader, not as an engine job. Fix: load them with loadLanding, as the run path does.`);
      case "spark":
        throw new Error(`Asset "${work.node.key}" is a Spark script and runs only on EMR, not on DuckDB`);
      default:
        return assertNever(compute);
    }
  }

  /** What a cancelled job may have written (local files only; nothing else is reachable). */
  private async removeOutputs(request: EngineRequest): Promise<void> {
    await Promise.all(request.partitions.map((t) => rm(localPathFor(t.output), { force: true, recursive: true })));
  }

  /** Loads a file drop's landing files (see `load-landing.ts`), in turn with the jobs. */
  async loadLanding(request: LandingLoadRequest): Promise<LandingLoadResult> {
    const compute = request.node.compute;
    if (compute.kind !== "ingest") throw new LakeformError(`Asset "${request.node.key}": it is not a source, so it has no landing files to load. Fix: submit it as an engine job.`);
    const from = compute.from;
    // An extracting source (PostgreSQL) writes its batches as files and loads them as a file drop of those.
    if (from.kind !== "fileDrop") throw new LakeformError(`Asset "${request.node.key}": a ${from.kind} source loads its extracted batches as files. Fix: load them through runtime/sources/${from.kind}/, as the run path does.`);
    return this.jobs.exclusive(() => loadLanding(this.session, request, from));
  }

  async audit(request: AuditRequest): Promise<AuditResult> {
    const partitions = request.node.partitions;
    const window = partitions?.kind === "time" && request.partition !== "" ? windowOf(partitions, request.partition) : undefined;
    return this.jobs.exclusive(() => auditStaged(this.session, request, window, { profileSampleRows: this.profileSampleRows }));
  }

  /** Audits a range job's versions together where they allow it (see {@link auditRange}). */
  async auditMany(requests: readonly AuditRequest[]): Promise<AuditResult[]> {
    const windowOfRequest = (request: AuditRequest) => (request.node.partitions?.kind === "time" && request.partition !== "" ? windowOf(request.node.partitions, request.partition) : undefined);
    return this.jobs.exclusive(() => auditRange(this.session, requests, windowOfRequest, { profileSampleRows: this.profileSampleRows }));
  }

  /** Read-only SQL over views of the published assets, in a sandbox of its own (see {@link runSandboxedQuery}). */
  async query(sql: string, views: readonly InputRelation[]): Promise<QueryResult> {
    return runSandboxedQuery(sql, views, this.sandbox);
  }

  async close(): Promise<void> {
    await this.jobs.cancelAll();
    this.session.close();
    await rm(join(this.scratchDir, "duckdb-spill"), { recursive: true, force: true });
  }
}
