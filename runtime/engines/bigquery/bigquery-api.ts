import type { BigQuery, JobMetadata } from "@google-cloud/bigquery";

/** A BigQuery job as the REST API describes it (`jobs.get`). */
export type BigQueryJobResource = JobMetadata;

/** A table field of a query's result schema. */
interface Field {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly fields?: readonly Field[];
}

/** Rows of `jobs.getQueryResults`: `{ f: [{ v }] }` cells. */
interface Cell {
  readonly v: unknown;
}

/** An error of the BigQuery API: its HTTP status and message. */
export interface ApiFailure {
  readonly code: number | undefined;
  readonly message: string;
}

/** The HTTP status and message of an error the client threw. */
export function apiFailureOf(error: unknown): ApiFailure {
  const e = error as { code?: unknown; message?: string };
  return { code: typeof e.code === "number" ? e.code : undefined, message: (e.message ?? String(error)).split("\n")[0] ?? "" };
}

function valueOf(field: Field, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (field.mode === "REPEATED") return (v as Cell[]).map((cell) => valueOf({ ...field, mode: "NULLABLE" }, cell.v));
  switch (field.type) {
    case "INTEGER":
    case "INT64":
    case "FLOAT":
    case "FLOAT64":
      return Number(v);
    case "BOOLEAN":
    case "BOOL":
      return v === "true";
    case "RECORD":
    case "STRUCT":
      return rowOf(field.fields ?? [], (v as { f: Cell[] }).f);
    default:
      return v;
  }
}

function rowOf(fields: readonly Field[], cells: readonly Cell[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field, i) => [field.name, valueOf(field, cells[i]?.v)]));
}

/**
 * The few BigQuery REST calls the engine makes, through `@google-cloud/bigquery`'s client (its
 * auth, endpoint and retries): `jobs.insert` (re-attaching on 409: a job with that id exists),
 * dry runs, `jobs.get`, `jobs.cancel` and `jobs.getQueryResults` with rows as plain values
 * (integers and floats as numbers, NUMERIC and dates as BigQuery's strings).
 */
export class BigQueryApi {
  constructor(
    readonly client: BigQuery,
    readonly location: string,
  ) {}

  /** Inserts a job with `jobId`; when one exists already (HTTP 409), that job instead. */
  async insert(jobId: string, configuration: NonNullable<JobMetadata["configuration"]>): Promise<BigQueryJobResource> {
    try {
      const [, resource] = await this.client.createJob({ jobId, location: this.location, configuration });
      return resource as BigQueryJobResource;
    } catch (error) {
      if (apiFailureOf(error).code !== 409) throw error;
      const existing = await this.get(jobId);
      if (existing === undefined) throw error;
      return existing;
    }
  }

  /** A dry run of `configuration` (nothing runs, nothing is billed): its statistics and result schema. */
  async dryRun(configuration: NonNullable<JobMetadata["configuration"]>): Promise<BigQueryJobResource> {
    const [, resource] = await this.client.createJob({ location: this.location, configuration: { ...configuration, dryRun: true } });
    return resource as BigQueryJobResource;
  }

  /** The job with `jobId`; undefined when BigQuery has none (HTTP 404). */
  async get(jobId: string): Promise<BigQueryJobResource | undefined> {
    try {
      const [resource] = await this.client.job(jobId, { location: this.location }).getMetadata();
      return resource as BigQueryJobResource;
    } catch (error) {
      if (apiFailureOf(error).code === 404) return undefined;
      throw error;
    }
  }

  /** Asks BigQuery to stop the job (it ends DONE with the error reason `stopped`). */
  async cancel(jobId: string): Promise<void> {
    await this.client.job(jobId, { location: this.location }).cancel();
  }

  /** Sets when BigQuery deletes the table `project.dataset.table` (`tables.patch` of `expirationTime`). */
  async expireTable(table: string, at: Date): Promise<void> {
    const [projectId = "", datasetId = "", tableId = ""] = table.split(".");
    await this.client.dataset(datasetId, { projectId }).table(tableId).setMetadata({ expirationTime: String(at.getTime()) });
  }

  /** The finished query job's row count and its first `maxResults` rows. */
  async results(jobId: string, maxResults: number): Promise<{ readonly totalRows: number; readonly rows: Record<string, unknown>[] }> {
    const body = await new Promise<{ totalRows?: string; schema?: { fields?: Field[] }; rows?: { f: Cell[] }[] }>((resolve, reject) =>
      this.client.request({ uri: `/queries/${encodeURIComponent(jobId)}`, qs: { location: this.location, maxResults, "formatOptions.useInt64Timestamp": true } }, (error, response) => (error ? reject(error) : resolve(response as never))),
    );
    const fields = body.schema?.fields ?? [];
    return { totalRows: Number(body.totalRows ?? 0), rows: (body.rows ?? []).map((row) => rowOf(fields, row.f)) };
  }
}
