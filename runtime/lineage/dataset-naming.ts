import { fileURLToPath } from "node:url";
import type { DataLocation } from "../storage/data-location.ts";

/** An OpenLineage dataset's identity. */
export interface DatasetId {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The OpenLineage name of a data location, per the spec's dataset naming: a local path is
 * namespace `file`, name the absolute path; S3 `s3://<bucket>` and the key; GCS `gs://<bucket>`
 * and the path; a BigQuery table `bigquery` and `project.dataset.table`.
 *
 * @example datasetIdOf(filesAt("s3://lake/clean/orders/")) // { namespace: "s3://lake", name: "clean/orders" }
 */
export function datasetIdOf(location: DataLocation): DatasetId {
  if (location.kind === "table") return { namespace: "bigquery", name: location.table };
  const uri = location.uri;
  if (uri.startsWith("file://")) return { namespace: "file", name: fileURLToPath(uri).replace(/\/$/, "") };
  const match = /^([a-z0-9]+):\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match === null) return { namespace: "file", name: uri };
  return { namespace: `${match[1]}://${match[2]}`, name: (match[3] ?? "").replace(/\/$/, "") };
}
