import type { ColumnSpec } from "../../core/declare/column.ts";
import { LakeformError } from "../../core/errors.ts";
import { bigqueryDialect } from "../../core/sql/dialects.ts";
import { describeLocation, type DataLocation } from "../../storage/data-location.ts";
import type { InputRelation } from "../engine.ts";
import { publishedColumns } from "../published-columns.ts";
import { PARTITION_COLUMN, partitionLiteralOf } from "./bigquery-tables.ts";

const q = (name: string) => bigqueryDialect.quoteIdentifier(name);
const LOAD_METADATA: readonly [string, string][] = [["_loaded_at", "TIMESTAMP"], ["_source_file", "STRING"], ["_batch_id", "STRING"]];

/** A table name quoted for BigQuery Standard SQL: `` `project.dataset.table` ``. */
export const quoteTable = (name: string) => bigqueryDialect.quoteIdentifier(name);

/** The columns of a relation in published data (dropped PII left out), with their BigQuery types; load metadata after them for sources. */
export function bigqueryColumnsOf(relation: { readonly columns: Readonly<Record<string, ColumnSpec>>; readonly hasLoadMetadata?: boolean }): [string, string][] {
  const declared = publishedColumns(relation.columns).map(([name, spec]): [string, string] => [name, bigqueryDialect.columnType(spec.type)]);
  return relation.hasLoadMetadata === true ? [...declared, ...LOAD_METADATA] : declared;
}

function tableOf(key: string, location: DataLocation): { table: string; partition: string | undefined } {
  if (location.kind !== "table") throw new LakeformError(`Asset "${key}": BigQuery reads tables, and its data is files at ${describeLocation(location)}. Fix: publish "${key}" on BigQuery too (engine: "bigquery"), or run the asset on an engine that reads files (duckdb, emr).`);
  return { table: location.table, partition: location.partition };
}

/**
 * A parent's published data as a BigQuery sub-query: its declared columns from each table it
 * lives in — the whole table, or the partitions the mapping selects (a filter on the partition
 * column `dt`, which BigQuery prunes by; Standard SQL has no partition decorators in FROM) —
 * unioned; an empty relation with the schema when it has no data yet.
 *
 * @example relationSql({ key: "clean/sales", files: [{ kind: "table", table: "p.lf_clean.sales", partition: "20240101" }], … })
 * // (SELECT `sale_id`, `day`, `amount` FROM `p.lf_clean.sales` WHERE `dt` IN (DATE '2024-01-01'))
 */
export function relationSql(relation: InputRelation): string {
  const columns = bigqueryColumnsOf(relation);
  const list = columns.map(([name]) => q(name)).join(", ");
  const tables = new Map<string, string[] | "whole">();
  for (const location of relation.files) {
    const { table, partition } = tableOf(relation.key, location);
    const seen = tables.get(table);
    if (partition === undefined || seen === "whole") tables.set(table, "whole");
    else tables.set(table, [...(seen ?? []), partitionLiteralOf(partition)]);
  }
  const selects = [...tables].map(([table, partitions]) => `SELECT ${list} FROM ${quoteTable(table)}${partitions === "whole" ? "" : ` WHERE ${q(PARTITION_COLUMN)} IN (${partitions.join(", ")})`}`);
  const body = selects.length > 0 ? selects.join(" UNION ALL ") : `SELECT ${columns.map(([name, type]) => `CAST(NULL AS ${type}) AS ${q(name)}`).join(", ")} LIMIT 0`;
  return `(${body})`;
}
