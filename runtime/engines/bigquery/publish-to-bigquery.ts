import type { AssetNode } from "../../core/graph/asset-node.ts";
import { LakeformError } from "../../core/errors.ts";
import type { TableLocation } from "../../storage/data-location.ts";
import type { BigQueryApi, BigQueryJobResource } from "./bigquery-api.ts";
import { failureMessage } from "./bigquery-job.ts";
import { parseByteSize } from "../../core/declare/byte-size.ts";
import { maxBytesBilledOf } from "./bigquery-cost.ts";
import { bigqueryColumnsOf, quoteTable } from "./bigquery-relations.ts";
import type { BigQuerySettings } from "./bigquery-settings.ts";
import { PARTITION_COLUMN, partitionDecoratorOf, partitionLiteralOf, publishedTableOf, tableReferenceOf } from "./bigquery-tables.ts";
import { jobDone } from "./job-done.ts";
import { jobLabels } from "./job-labels.ts";

/** Audited versions of one asset to make visible together. */
export interface BigQueryPublication {
  readonly node: AssetNode;
  /** Each partition (`""` when unpartitioned) and the staging table its audited version is in. */
  readonly versions: readonly { readonly partition: string; readonly staging: TableLocation }[];
  /** A deterministic id for the publishing job (the run path passes e.g. `lakeform_publish_<materialisation id>`): a retry re-attaches to it. */
  readonly jobId: string;
}

/** What publishing ran: the BigQuery job and how. */
export interface BigQueryPublished {
  readonly jobId: string;
  readonly method: "copy" | "transaction";
  /** The published table, with the partition decorator of a single partition. */
  readonly destination: string;
}

/**
 * Write-audit-publish on BigQuery, the publish step: makes audited staging tables visible in the
 * asset's published table, atomically. One partition (or an unpartitioned asset): a copy job with
 * WRITE_TRUNCATE from the staging table into the partition decorator (`table$20240101`) or the
 * whole table — BigQuery replaces it in one step (copies are not billed by bytes). Several
 * partitions: one multi-statement transaction (DELETE the partitions, INSERT the staged rows,
 * COMMIT), all or nothing, dry-run first and bounded by the asset's `maximumBytesBilled`. The job id
 * is deterministic, so a retry after a lost answer finds the job instead of running it again.
 * Run it after the state store has recorded the audit and before it marks the version
 * published; `lakeform catalog sync` can re-run it (it is idempotent).
 *
 * @example await publishToBigQuery(engine.api, settings, { node, versions: [{ partition: "2024-01-01", staging }], jobId: `lakeform_publish_${materialisationId}` })
 */
export async function publishToBigQuery(api: BigQueryApi, settings: BigQuerySettings, publication: BigQueryPublication, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<BigQueryPublished> {
  const { node, versions, jobId } = publication;
  const table = publishedTableOf(node, settings);
  const labels = jobLabels(settings.environment, node.key, jobId);
  const [only] = versions;
  if (only === undefined) throw new LakeformError(`Asset "${node.key}": nothing to publish. Fix: pass the audited versions.`);
  let published: BigQueryPublished;
  let resource: BigQueryJobResource;
  if (versions.length === 1) {
    const destination = only.partition === "" ? table : `${table}$${partitionDecoratorOf(node, only.partition)}`;
    resource = await api.insert(jobId, { copy: { sourceTable: tableReferenceOf(only.staging.table), destinationTable: { ...tableReferenceOf(table), tableId: destination.split(".")[2] as string }, writeDisposition: "WRITE_TRUNCATE", createDisposition: "CREATE_NEVER" }, labels });
    published = { jobId, method: "copy", destination };
  } else {
    const literals = versions.map((v) => partitionLiteralOf(partitionDecoratorOf(node, v.partition)));
    const columns = [...bigqueryColumnsOf({ columns: node.columns }).map(([name]) => quoteTable(name)), quoteTable(PARTITION_COLUMN)].join(", ");
    const script = [
      "BEGIN TRANSACTION;",
      `DELETE FROM ${quoteTable(table)} WHERE ${quoteTable(PARTITION_COLUMN)} IN (${literals.join(", ")});`,
      `INSERT INTO ${quoteTable(table)} (${columns})\n${versions.map((v) => `SELECT ${columns} FROM ${quoteTable(v.staging.table)}`).join("\nUNION ALL\n")};`,
      "COMMIT TRANSACTION;",
    ].join("\n");
    // DML is billed like a query: dry-run first (a script that does not compile fails here), then bounded by maximumBytesBilled.
    await api.dryRun({ query: { query: script, useLegacySql: false }, labels });
    const limit = maxBytesBilledOf(node, settings.defaultMaxBytesBilled === undefined ? undefined : parseByteSize(settings.defaultMaxBytesBilled));
    resource = await api.insert(jobId, { query: { query: script, useLegacySql: false, maximumBytesBilled: String(limit) }, labels });
    published = { jobId, method: "transaction", destination: table };
  }
  resource = await jobDone(api, jobId, resource, sleep);
  const error = resource.status?.errorResult;
  if (error !== undefined && error !== null) throw new LakeformError(failureMessage(node.key, jobId, error).replace(/Fix: .*$/, `Fix: nothing was published; check the staging tables still exist (they expire after a day) and that ${table} exists (\`pulumi up\`), then publish again.`));
  return published;
}
