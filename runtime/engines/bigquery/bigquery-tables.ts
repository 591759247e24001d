import { catalogDatabaseName, catalogTableName } from "../../core/layout/catalog-names.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import { windowOf } from "../../core/partitions/time-window.ts";
import { LakeformError } from "../../core/errors.ts";
import type { TableLocation } from "../../storage/data-location.ts";

/** A BigQuery table's three parts, as the REST API names them. */
export interface TableReference {
  readonly projectId: string;
  readonly datasetId: string;
  readonly tableId: string;
}

/**
 * The column BigQuery tables are partitioned by (the PlatformPlan's partition column): `dt`,
 * holding the partition's start — a DATE for daily and monthly partitions (the key's date, in
 * the partitions' time zone), a TIMESTAMP (the window's start instant) for hourly ones.
 */
export const PARTITION_COLUMN = "dt";

/** `project.dataset.table` → its parts. @throws when the name has not three dot-separated parts */
export function tableReferenceOf(name: string): TableReference {
  const [projectId, datasetId, tableId, ...rest] = name.replace(/\$.*$/, "").split(".");
  if (projectId === undefined || datasetId === undefined || tableId === undefined || rest.length > 0) throw new LakeformError(`BigQuery table "${name}" is not named project.dataset.table. Fix: name tables with their project and dataset.`);
  return { projectId, datasetId, tableId };
}

/** The table an asset is published into: `project.<prefix>_<tier>.<table>`, as the Pulumi program creates it. */
export function publishedTableOf(node: Pick<AssetNode, "key" | "tier">, settings: { readonly project: string; readonly prefix: string }): string {
  return `${settings.project}.${catalogDatabaseName(settings.prefix, node.tier)}.${catalogTableName(node)}`;
}

/**
 * Where a new version of one partition is written before it is audited: a staging table beside
 * the published one, `<table>__staging_<version>` (letters, digits and `_` of the version), which
 * readers never query and which expires by itself.
 *
 * @example stagingTableOf(node, "v-0b3f", settings) // { kind: "table", table: "acme.lf_prod_clean.orders__staging_v_0b3f" }
 */
export function stagingTableOf(node: Pick<AssetNode, "key" | "tier">, version: string, settings: { readonly project: string; readonly prefix: string }): TableLocation {
  return Object.freeze({ kind: "table", table: `${publishedTableOf(node, settings)}__staging_${version.replace(/[^A-Za-z0-9_]/g, "_")}` });
}

/**
 * The partition decorator of a partition key: `20240101` (daily), `202401` (monthly), the UTC
 * hour of the window's start `2024010105` (hourly, as BigQuery partitions a TIMESTAMP column).
 * @throws for static partitions, which BigQuery does not partition by
 */
export function partitionDecoratorOf(node: Pick<AssetNode, "key" | "partitions">, partition: string): string {
  const spec = node.partitions;
  if (spec?.kind !== "time") throw new LakeformError(`Asset "${node.key}": BigQuery partitions tables by time only, and its partitions are ${spec === undefined ? "none" : "static keys"}. Fix: publish it unpartitioned, or run it on another engine (engine: "duckdb" or "emr").`);
  if (spec.granularity === "hourly") return windowOf(spec, partition).start.toISOString().slice(0, 13).replace(/[-T]/g, "");
  return partition.replace(/-/g, "");
}

/** The `dt` value of a partition decorator, as a BigQuery literal (`DATE '2024-01-01'`, `TIMESTAMP '2024-01-01 05:00:00+00'`). */
export function partitionLiteralOf(decorator: string): string {
  const d = decorator;
  if (/^\d{10}$/.test(d)) return `TIMESTAMP '${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)} ${d.slice(8, 10)}:00:00+00'`;
  if (/^\d{8}$/.test(d)) return `DATE '${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}'`;
  if (/^\d{6}$/.test(d)) return `DATE '${d.slice(0, 4)}-${d.slice(4, 6)}-01'`;
  throw new LakeformError(`BigQuery partition "${d}" is not a partition decorator (YYYYMM, YYYYMMDD or YYYYMMDDHH). Fix: give the partition's decorator, e.g. 20240101.`);
}
