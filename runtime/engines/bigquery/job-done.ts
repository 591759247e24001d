import type { BigQueryApi, BigQueryJobResource } from "./bigquery-api.ts";

/**
 * The job `jobId` once BigQuery reports it DONE (successful or not), polling `jobs.get` with
 * a growing delay (0.5 s doubling to 10 s) from `resource`, what inserting it answered.
 */
export async function jobDone(api: BigQueryApi, jobId: string, resource: BigQueryJobResource, sleep: (ms: number) => Promise<void>): Promise<BigQueryJobResource> {
  let current = resource;
  for (let delay = 500; current.status?.state !== "DONE"; delay = Math.min(10_000, delay * 2)) {
    await sleep(delay);
    current = (await api.get(jobId)) ?? current;
  }
  return current;
}
