import type { BigQuery } from "@google-cloud/bigquery";
import { parseByteSize } from "../../core/declare/byte-size.ts";
import { LakeformError } from "../../core/errors.ts";
import { formatProblem } from "../../core/problem.ts";
import { bigqueryDialect } from "../../core/sql/dialects.ts";
import { describeLocation } from "../../storage/data-location.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import type { DataLocation } from "../../storage/data-location.ts";
import type { AuditRequest, AuditResult, Engine, EngineRequest, InputRelation, QueryResult, WarehouseVersion } from "../engine.ts";
import type { CostEstimate, EngineJob, SubmitOptions } from "../engine-job.ts";
import { jobIdOf } from "../job-id.ts";
import { publishedColumns } from "../published-columns.ts";
import { apiFailureOf, BigQueryApi, type BigQueryJobResource } from "./bigquery-api.ts";
import { auditOnBigQuery } from "./bigquery-audit.ts";
import { estimateOf, formatBytes, maxBytesBilledOf, overBytesLimit } from "./bigquery-cost.ts";
import { BigQueryJob, headerOf, partJobId, partOf, withHeader, type BigQueryJobContext, type JobPart } from "./bigquery-job.ts";
import { queryConfiguration } from "./bigquery-query.ts";
import type { BigQuerySettings } from "./bigquery-settings.ts";
import { stageQuery } from "./bigquery-stage-sql.ts";
import { partitionDecoratorOf, publishedTableOf, stagingTableOf, tableReferenceOf } from "./bigquery-tables.ts";
import { jobLabels, labelValue } from "./job-labels.ts";
import { loadIntoBigQuery } from "./load-into-bigquery.ts";
import { publishToBigQuery } from "./publish-to-bigquery.ts";

/** What the BigQuery engine is built from: a client (see `bigqueryClient`), the stack's settings, and how to wait. */
export interface BigQueryEngineOptions {
  readonly client: BigQuery;
  readonly settings: BigQuerySettings;
  /** How `wait()` sleeps between polls (tests pass a short one). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default the system clock */
  readonly now?: () => Date;
}

/** How long staging tables live by default: a day. */
export const STAGING_EXPIRATION_MS = 24 * 3_600_000;

/** What one dry run said about one partition's query. */
interface DryRun {
  readonly bytes: number | undefined;
  readonly columns: readonly string[] | undefined;
}

/**
 * BigQuery as an engine: asset SQL transpiled to Standard SQL, run as query jobs inside the
 * project. `submit` dry-runs every partition's query first — the estimate (bytes and dollars)
 * goes on the job, and the asset's `costGuard.maxBytesBilled` (else the stack's default) and
 * `options.guard` may refuse it before anything runs — then inserts one query job per
 * partition with a deterministic id (`<jobIdOf>_p<i>`; a rerun meets HTTP 409 and re-attaches),
 * `maximumBytesBilled` (BigQuery itself refuses beyond it), labels, and the partition's staging
 * table as destination (WRITE_TRUNCATE). `audit` runs the audit plan in BigQuery SQL over the
 * staging table; `publishToBigQuery` makes an audited version visible. Jobs do not complete
 * inline: a tick records their ids and later ticks re-attach (`attach`), from BigQuery alone.
 */
export class BigQueryEngine implements Engine {
  readonly name = "bigquery";
  readonly dialect = bigqueryDialect;
  readonly completesInline = false;
  readonly writes = "warehouse-table";
  readonly api: BigQueryApi;
  readonly #settings: BigQuerySettings;
  readonly #context: BigQueryJobContext;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: BigQueryEngineOptions) {
    this.#settings = options.settings;
    this.api = new BigQueryApi(options.client, options.settings.location);
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#context = { api: this.api, sleep: this.#sleep, now: options.now ?? (() => new Date()), stagingExpirationMs: options.settings.stagingExpirationMs ?? STAGING_EXPIRATION_MS };
  }

  #stackLimit(): number | undefined {
    const limit = this.#settings.defaultMaxBytesBilled;
    return limit === undefined ? undefined : parseByteSize(limit);
  }

  async #dryRun(asset: string, sql: string, params: Parameters<typeof queryConfiguration>[1], timeZone: string, labels: Record<string, string>): Promise<DryRun> {
    try {
      const resource = await this.api.dryRun({ query: queryConfiguration(sql, params, timeZone), labels });
      const fields = resource.statistics?.query?.schema?.fields;
      return { bytes: Number(resource.statistics?.totalBytesProcessed ?? 0), columns: fields?.map((f) => f.name ?? "") };
    } catch (error) {
      const failure = apiFailureOf(error);
      // The query does not compile (400/404): no estimate; the job fails with BigQuery's reason, naming the asset and the job.
      if (failure.code === 400 || failure.code === 404) return { bytes: undefined, columns: undefined };
      throw this.#refused(asset, "a dry run", failure.message);
    }
  }

  async submit(request: EngineRequest, options: SubmitOptions = {}): Promise<EngineJob> {
    const { node } = request;
    const id = jobIdOf(request);
    const stages = [];
    for (const target of request.partitions) stages.push(await stageQuery(node, target));
    const problems = stages.flatMap((s) => s.problems);
    if (problems.length > 0) throw new LakeformError(`Asset "${node.key}" cannot run on BigQuery (${problems.length} ${problems.length === 1 ? "problem" : "problems"}):\n${problems.map((p) => ` - ${formatProblem(p)}`).join("\n")}`);
    const labels = jobLabels(this.#settings.environment, node.key, id, request.attempt);
    // The asset's SQL runs in its partitions' time zone, as on DuckDB and Spark.
    const zone = node.partitions?.kind === "time" ? node.partitions.timezone : "UTC";
    const dryRuns: DryRun[] = [];
    for (const stage of stages) dryRuns.push(await this.#dryRun(node.key, stage.select, stage.params, zone, labels));
    const known = dryRuns.every((d) => d.bytes !== undefined);
    const bytes = known ? dryRuns.reduce((sum, d) => sum + (d.bytes ?? 0), 0) : undefined;
    const estimate: CostEstimate | undefined = bytes === undefined ? undefined : estimateOf(bytes);
    const limit = maxBytesBilledOf(node, this.#stackLimit());
    if (estimate !== undefined) this.#guard(node.key, estimate, limit, node.costGuard?.maxBytesBilled !== undefined, options);
    const declared = publishedColumns(node.columns).map(([name]) => name);
    const parts: JobPart[] = [];
    for (const [i, stage] of stages.entries()) {
      const output = request.partitions[i]?.output;
      if (output?.kind !== "table") throw new LakeformError(`Asset "${node.key}": BigQuery writes tables, and the output of partition ${stage.partition || "(unpartitioned)"} is ${output === undefined ? "missing" : describeLocation(output)}. Fix: give BigQuery outputs as staging tables (stagingTableOf).`);
      const columns = dryRuns[i]?.columns;
      const header = { asset: node.key, partition: stage.partition, parts: stages.length, unexpected: columns?.filter((c) => !declared.includes(c)) ?? [], missing: columns === undefined ? [] : declared.filter((c) => !columns.includes(c)), bytes };
      const query = queryConfiguration(withHeader(header, stage.staged), stage.params, zone);
      const configuration = {
        query: { ...query, destinationTable: tableReferenceOf(output.table), writeDisposition: "WRITE_TRUNCATE", createDisposition: "CREATE_IF_NEEDED", maximumBytesBilled: String(limit) },
        labels,
      };
      parts.push(partOf(await this.#insert(partJobId(id, i), configuration)));
    }
    return new BigQueryJob(id, parts, this.#context);
  }

  /** Inserts a job; a job BigQuery created but answered with its errors (an invalid query) is returned as it is, to fail on poll. */
  async #insert(jobId: string, configuration: Parameters<BigQueryApi["insert"]>[1]): Promise<BigQueryJobResource> {
    try {
      return await this.api.insert(jobId, configuration);
    } catch (error) {
      const response = (error as { response?: BigQueryJobResource }).response;
      if (response?.jobReference?.jobId === jobId && headerOf(response) !== undefined) return response;
      throw this.#refused(headerOf({ configuration } as BigQueryJobResource)?.asset ?? jobId, `job ${jobId}`, apiFailureOf(error).message);
    }
  }

  /** BigQuery refused a request (access, quota, an unreachable endpoint): an error naming the asset and the fix. */
  #refused(asset: string, what: string, message: string): LakeformError {
    return new LakeformError(`Asset "${asset}": BigQuery refused ${what} in project ${this.#settings.project} (${message}). Fix: check that the runtime's service account has roles/bigquery.jobUser on the project and roles/bigquery.dataEditor on the stack's datasets, and that BigQuery can be reached; then run again.`);
  }

  /** Throws when the asset's byte limit or the caller's guard refuses the estimate. */
  #guard(asset: string, estimate: CostEstimate, limit: number, ownLimit: boolean, options: SubmitOptions): void {
    const over = overBytesLimit(asset, estimate, limit, ownLimit);
    if (over !== undefined) throw new LakeformError(over);
    const reason = options.guard?.(estimate);
    if (reason !== undefined) {
      throw new LakeformError(`Asset "${asset}": ${reason} (a dry run estimates ${formatBytes(estimate.bytesProcessed ?? 0)}, ≈ $${estimate.usd?.toFixed(2) ?? "?"}); nothing was run. Fix: read fewer partitions or columns, or raise the limit of the guard that refused it.`);
    }
  }

  async attach(jobId: string): Promise<EngineJob | undefined> {
    const first = await this.api.get(partJobId(jobId, 0));
    const header = first === undefined ? undefined : headerOf(first);
    if (first === undefined || header === undefined) return undefined;
    const parts = [partOf(first)];
    for (let i = 1; i < header.parts; i++) {
      const resource = await this.api.get(partJobId(jobId, i));
      if (resource === undefined) throw new LakeformError(`Asset "${header.asset}": BigQuery knows part 0 of job ${jobId} but not part ${i}. Fix: materialise it again (a new attempt is a new job).`);
      parts.push(partOf(resource));
    }
    return new BigQueryJob(jobId, parts, this.#context);
  }

  async audit(request: AuditRequest): Promise<AuditResult> {
    const { node } = request;
    return auditOnBigQuery({ api: this.api, asset: node.key, maximumBytesBilled: maxBytesBilledOf(node, this.#stackLimit()), labels: jobLabels(this.#settings.environment, node.key), sleep: this.#sleep }, request);
  }

  /** The staging table of a new version (`stagingTableOf`): `<published table>__staging_<version>`. */
  stagingLocation(node: AssetNode, _partition: string, version: string): DataLocation {
    return stagingTableOf(node, version, this.#settings);
  }

  /** A parent's published table, restricted to `partitions` (a `dt` filter BigQuery prunes by); the whole table when it is unpartitioned. */
  publishedInputs(parent: AssetNode, partitions: readonly string[]): InputRelation {
    const table = publishedTableOf(parent, this.#settings);
    const files = partitions.map((partition): DataLocation => (partition === "" ? { kind: "table", table } : { kind: "table", table, partition: partitionDecoratorOf(parent, partition) }));
    return { key: parent.key, files, columns: parent.columns, hasLoadMetadata: parent.kind === "source" };
  }

  /**
   * Publishes audited staging tables of one asset (`publishToBigQuery`): a copy job into the
   * partition decorator, or one transaction for several partitions, with a job id made of the
   * asset and its versions — a retry re-attaches to it.
   */
  async publishStaged(node: AssetNode, versions: readonly WarehouseVersion[]): Promise<void> {
    const [first] = versions;
    if (first === undefined) return;
    const jobId = `lakeform_publish_${labelValue(node.key).replace(/-/g, "_").slice(0, 40)}_${first.version.replace(/[^A-Za-z0-9_-]/g, "_")}_${versions.length}`;
    await publishToBigQuery(this.api, this.#settings, { node, versions: versions.map((v) => ({ partition: v.partition, staging: stagingTableOf(node, v.version, this.#settings) })), jobId }, this.#sleep);
  }

  /** Loads versions written as files in Cloud Storage into the asset's table (`loadIntoBigQuery`), one load job per version. */
  async loadPublished(node: AssetNode, versions: readonly WarehouseVersion[]): Promise<void> {
    for (const v of versions) await loadIntoBigQuery(this.api, this.#settings, { node, partition: v.partition, version: v.version, files: v.files }, this.#sleep);
  }

  async query(): Promise<QueryResult> {
    throw new LakeformError("BigQuery runs materialisations here, not ad-hoc queries. Fix: query published tables in BigQuery itself (bq query, or the console), or locally with `lakeform query` (DuckDB).");
  }

  async close(): Promise<void> {}
}
