import { LakeformError } from "../../core/errors.ts";
import type { TableLocation } from "../../storage/data-location.ts";
import type { CostEstimate, EngineJob, JobResult, JobStatus } from "../engine-job.ts";
import type { BigQueryApi, BigQueryJobResource } from "./bigquery-api.ts";
import { estimateOf } from "./bigquery-cost.ts";

/** What the first line of each query job's SQL records (`-- lakeform {…}`), so that any process can re-attach from BigQuery alone. */
export interface PartHeader {
  readonly asset: string;
  readonly partition: string;
  /** Query jobs of the engine job (one per partition). */
  readonly parts: number;
  /** Columns the asset's SQL returns beyond the declaration, and declared ones it does not (from the dry run). */
  readonly unexpected: readonly string[];
  readonly missing: readonly string[];
  /** The dry runs' estimate of the whole engine job. */
  readonly bytes: number | undefined;
}

const HEADER = "-- lakeform ";

/** The SQL of a part's query job: its header line, then the query. */
export const withHeader = (header: PartHeader, sql: string) => `${HEADER}${JSON.stringify(header)}\n${sql}`;

/** The header of a query job's SQL; undefined for a job Lakeform did not write. */
export function headerOf(resource: BigQueryJobResource): PartHeader | undefined {
  const query = resource.configuration?.query?.query ?? "";
  if (!query.startsWith(HEADER)) return undefined;
  return JSON.parse(query.slice(HEADER.length, query.indexOf("\n"))) as PartHeader;
}

/** The BigQuery job id of part `index` of engine job `id`. */
export const partJobId = (id: string, index: number) => `${id}_p${index}`;

/** One query job of an engine job: which partition it computes, and into which staging table. */
export interface JobPart {
  readonly jobId: string;
  readonly header: PartHeader;
  readonly output: TableLocation;
}

/** The part a job resource describes. */
export function partOf(resource: BigQueryJobResource): JobPart {
  const header = headerOf(resource);
  const destination = resource.configuration?.query?.destinationTable;
  const jobId = resource.jobReference?.jobId ?? "";
  if (header === undefined || destination === undefined) throw new LakeformError(`BigQuery job ${jobId} was not written by Lakeform (its SQL has no "-- lakeform" header, or no destination table). Fix: give jobs other ids than lakeform_*.`);
  return { jobId, header, output: Object.freeze({ kind: "table", table: `${destination.projectId}.${destination.datasetId}.${destination.tableId}` }) };
}

/** What a job polls with. */
export interface BigQueryJobContext {
  readonly api: BigQueryApi;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  /** How long a staging table lives once its job succeeded. */
  readonly stagingExpirationMs: number;
}

/**
 * An engine job on BigQuery: one query job per partition (`<id>_p0`, `<id>_p1`, …), each writing
 * its staging table. Its state is BigQuery's: `poll` asks `jobs.get` of each part; a part that
 * ended with the error reason `stopped` was cancelled; any other error fails the job with a
 * message naming the asset and the BigQuery job.
 */
export class BigQueryJob implements EngineJob {
  readonly id: string;
  readonly asset: string;
  readonly estimate: CostEstimate | undefined;
  readonly parts: readonly JobPart[];
  readonly #context: BigQueryJobContext;

  constructor(id: string, parts: readonly JobPart[], context: BigQueryJobContext) {
    const first = parts[0];
    if (first === undefined) throw new Error(`BigQuery job ${id} has no parts`);
    this.id = id;
    this.asset = first.header.asset;
    this.estimate = first.header.bytes === undefined ? undefined : estimateOf(first.header.bytes);
    this.parts = parts;
    this.#context = context;
  }

  async poll(): Promise<JobStatus> {
    const states: JobStatus[] = [];
    for (const part of this.parts) {
      const resource = await this.#context.api.get(part.jobId);
      if (resource === undefined) throw new LakeformError(`Asset "${this.asset}": BigQuery no longer knows job ${part.jobId} (jobs are kept for 6 months). Fix: materialise it again (a new attempt is a new job).`);
      const status = resource.status;
      const error = status?.errorResult;
      if (status?.state !== "DONE") states.push({ state: status?.state === "RUNNING" ? "running" : "queued" });
      else if (error === undefined || error === null) states.push({ state: "succeeded" });
      else if (error.reason === "stopped") states.push({ state: "cancelled" });
      else states.push({ state: "failed", error: failureMessage(this.asset, part.jobId, error) });
    }
    return states.find((s) => s.state === "failed") ?? states.find((s) => s.state === "cancelled") ?? states.find((s) => s.state === "running") ?? states.find((s) => s.state === "queued") ?? { state: "succeeded" };
  }

  async wait(): Promise<JobResult> {
    let delay = 1_000;
    for (;;) {
      const status = await this.poll();
      if (status.state === "succeeded") return this.#result();
      if (status.state === "failed") throw new LakeformError(status.error);
      if (status.state === "cancelled") throw new LakeformError(`Asset "${this.asset}": job ${this.id} was cancelled (BigQuery jobs ${this.parts.map((p) => p.jobId).join(", ")}); nothing it wrote is published. Fix: run it again (lakeform materialize ${this.asset}).`);
      await this.#context.sleep(delay);
      delay = Math.min(30_000, Math.round(delay * 1.5));
    }
  }

  /** The result, with each staging table set to expire (a version that is never published is deleted by BigQuery). */
  async #result(): Promise<JobResult> {
    const partitions = [];
    for (const part of this.parts) {
      await this.#context.api.expireTable(part.output.table, new Date(this.#context.now().getTime() + this.#context.stagingExpirationMs));
      const { totalRows } = await this.#context.api.results(part.jobId, 0);
      partitions.push({ partition: part.header.partition, output: part.output, rows: totalRows, drift: { missing: [...part.header.missing], unexpected: [...part.header.unexpected] } });
    }
    return { partitions };
  }

  /** Cancels every part still running, and waits (a few polls at most) until BigQuery reports them ended. */
  async cancel(): Promise<void> {
    for (const part of this.parts) {
      const state = (await this.#context.api.get(part.jobId))?.status?.state;
      if (state !== undefined && state !== "DONE") await this.#context.api.cancel(part.jobId);
    }
    for (let i = 0; i < 10; i++) {
      const status = await this.poll();
      if (status.state !== "running" && status.state !== "queued") return;
      await this.#context.sleep(500);
    }
  }
}

/** A failed part as a message naming the asset and the job, with the fix its reason calls for. */
export function failureMessage(asset: string, jobId: string, error: { readonly reason?: string | null; readonly message?: string | null }): string {
  const what = `${error.reason ?? "error"}: ${error.message ?? "no message"}`.replace(/\.+$/, "");
  const fix =
    error.reason === "bytesBilledLimitExceeded"
      ? "BigQuery refused to scan more than maximumBytesBilled; read fewer partitions or columns, or raise costGuard.maxBytesBilled"
      : `correct the asset's SQL (lakeform render ${asset} --engine bigquery shows what ran), or read the job with bq show -j ${jobId}; then run it again`;
  return `Asset "${asset}": BigQuery job ${jobId} failed: ${what}. Fix: ${fix}.`;
}
