import { randomUUID } from "node:crypto";
import type { SqlValue } from "../../core/declare/sql-template.ts";
import { apiFailureOf, type BigQueryApi } from "./bigquery-api.ts";
import { estimateOf, overBytesLimit } from "./bigquery-cost.ts";
import { queryParameters } from "./bigquery-params.ts";

/** How a read-only query of the engine runs: its asset, limit, labels, and how to wait. */
export interface QueryRun {
  readonly api: BigQueryApi;
  readonly asset: string;
  readonly maximumBytesBilled: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * The query configuration of `sql` (Standard SQL, named parameters), in `timeZone` when given
 * (the session's `time_zone` connection property: where the asset's SQL and custom checks run).
 */
export function queryConfiguration(sql: string, params: readonly SqlValue[], timeZone?: string) {
  return { query: sql, useLegacySql: false, parameterMode: "NAMED", queryParameters: queryParameters(params), ...(timeZone === undefined ? {} : { connectionProperties: [{ key: "time_zone", value: timeZone }] }) };
}

/**
 * Runs a read-only query (an audit statement) as BigQuery runs every Lakeform query: a dry run
 * first (over the limit: refused, nothing run), then the job with `maximumBytesBilled` and the
 * labels, awaited, and its first `maxResults` rows.
 * @throws Error with BigQuery's reason (one line) when the query fails or is refused
 */
export async function runQuery(run: QueryRun, sql: string, params: readonly SqlValue[], maxResults = 1000, timeZone?: string): Promise<Record<string, unknown>[]> {
  const query = queryConfiguration(sql, params, timeZone);
  const dry = await run.api.dryRun({ query, labels: { ...run.labels } }).catch((error: unknown) => {
    throw new Error(apiFailureOf(error).message);
  });
  const refused = overBytesLimit(run.asset, estimateOf(Number(dry.statistics?.totalBytesProcessed ?? 0)), run.maximumBytesBilled, true);
  if (refused !== undefined) throw new Error(refused);
  const jobId = `lakeform_q_${randomUUID().replace(/-/g, "")}`;
  await run.api.insert(jobId, { query: { ...query, maximumBytesBilled: String(run.maximumBytesBilled) }, labels: { ...run.labels } });
  let delay = 200;
  for (;;) {
    const resource = await run.api.get(jobId);
    if (resource?.status?.state === "DONE") {
      const error = resource.status.errorResult;
      if (error !== undefined && error !== null) throw new Error(`${error.reason ?? "error"}: ${error.message ?? "no message"} (job ${jobId})`);
      return (await run.api.results(jobId, maxResults)).rows;
    }
    await run.sleep(delay);
    delay = Math.min(5_000, delay * 2);
  }
}
