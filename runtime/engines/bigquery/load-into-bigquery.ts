import type { AssetNode } from "../../core/graph/asset-node.ts";
import { LakeformError } from "../../core/errors.ts";
import { describeLocation, type DataLocation } from "../../storage/data-location.ts";
import type { BigQueryApi } from "./bigquery-api.ts";
import { failureMessage } from "./bigquery-job.ts";
import type { BigQuerySettings } from "./bigquery-settings.ts";
import { PARTITION_COLUMN, partitionDecoratorOf, publishedTableOf, tableReferenceOf } from "./bigquery-tables.ts";
import { jobDone } from "./job-done.ts";
import { labelValue, jobLabels } from "./job-labels.ts";

/** A version written as Parquet files in Cloud Storage, to load into its asset's table. */
export interface BigQueryLoad {
  readonly node: AssetNode;
  /** `""` when the asset is unpartitioned. */
  readonly partition: string;
  readonly version: string;
  /** `gs://` locations of its files (one file each, as the object store records them). */
  readonly files: readonly DataLocation[];
}

/** The deterministic id of the load job of one version: a retry re-attaches instead of loading twice. */
export function loadJobIdOf(asset: string, version: string): string {
  return `lakeform_load_${labelValue(asset).replace(/-/g, "_").slice(0, 40)}_${version.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** The Hive layout's prefix of a version file (`gs://b/raw/orders/dt=2024-01-01/v-1/part-0.parquet` → `gs://b/raw/orders/{dt:DATE}/`). */
function hivePrefixOf(node: AssetNode, uri: string): string {
  const at = uri.indexOf(`/${PARTITION_COLUMN}=`);
  if (at < 0) throw new LakeformError(`Asset "${node.key}": its file ${uri} is not in a ${PARTITION_COLUMN}= folder, so BigQuery cannot tell its partition. Fix: this is a bug in Lakeform; please report it.`);
  return `${uri.slice(0, at)}/{${PARTITION_COLUMN}:DATE}/`;
}

/**
 * Loads one version written as Parquet files in Cloud Storage into the asset's published
 * BigQuery table (`project.<prefix>_<tier>.<table>`, created by the Pulumi program): a load
 * job with WRITE_TRUNCATE into the partition decorator (`table$20240101`) — BigQuery replaces
 * that partition in one step — or the whole table when the asset is unpartitioned. The files
 * carry no `dt` column: BigQuery takes it from their `dt=2024-01-01/` folder (custom Hive
 * partitioning, a DATE), so daily partitions load this way; monthly, hourly and static ones are
 * refused with the fix. The job id is deterministic ({@link loadJobIdOf}): a retry after a
 * lost answer finds the job. Load jobs are not billed by bytes (no dry run, no byte limit).
 *
 * @example await loadIntoBigQuery(engine.api, settings, { node, partition: "2024-01-01", version, files: [store.locationOf(key)] })
 */
export async function loadIntoBigQuery(api: BigQueryApi, settings: BigQuerySettings, load: BigQueryLoad, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<{ readonly jobId: string; readonly destination: string }> {
  const { node, partition, files } = load;
  const table = publishedTableOf(node, settings);
  const uris = files.map((file) => {
    if (file.kind !== "files" || !file.uri.startsWith("gs://")) throw new LakeformError(`Asset "${node.key}": BigQuery loads files from Cloud Storage, and its version ${load.version} is at ${describeLocation(file)}. Fix: keep data files in GCS (set LAKEFORM_GCS_BUCKET; the Pulumi program sets it on the tick's job).`);
    return file.uri;
  });
  const [first] = uris;
  if (first === undefined) throw new LakeformError(`Asset "${node.key}": version ${load.version} has no files to load into ${table}. Fix: this is a bug in Lakeform; please report it.`);
  const spec = node.partitions;
  if (spec !== undefined && partition !== "" && (spec.kind !== "time" || spec.granularity !== "daily")) {
    throw new LakeformError(`Asset "${node.key}": its ${spec.kind === "time" ? spec.granularity : "static"} partitions cannot be loaded into BigQuery from files (BigQuery reads a partition's dt from a dt=YYYY-MM-DD folder). Fix: give it daily partitions, or compute it on BigQuery (engine: "bigquery").`);
  }
  const destination = partition === "" ? table : `${table}$${partitionDecoratorOf(node, partition)}`;
  const jobId = loadJobIdOf(node.key, load.version);
  const reference = tableReferenceOf(table);
  const resource = await api.insert(jobId, {
    load: {
      sourceUris: uris,
      sourceFormat: "PARQUET",
      destinationTable: { ...reference, tableId: destination.split(".")[2] as string },
      writeDisposition: "WRITE_TRUNCATE",
      createDisposition: "CREATE_NEVER",
      ...(partition === "" ? {} : { hivePartitioningOptions: { mode: "CUSTOM", sourceUriPrefix: hivePrefixOf(node, first) } }),
    },
    labels: jobLabels(settings.environment, node.key, jobId),
  });
  const done = await jobDone(api, jobId, resource, sleep);
  const error = done.status?.errorResult;
  if (error !== undefined && error !== null) throw new LakeformError(failureMessage(node.key, jobId, error).replace(/Fix: .*$/, `Fix: nothing was published; check that ${table} exists (\`pulumi up\`) with the asset's columns and that the runtime's service account may read ${first}, then run it again.`));
  return { jobId, destination };
}
