import { duckdbDialect } from "../core/sql/dialects.ts";
import { renderSql } from "../core/sql/render-sql.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import { loadPolyglot } from "../transpile/polyglot.ts";
import type { DatasetId } from "./dataset-naming.ts";

/** One input column an output column reads. */
export interface InputField extends DatasetId {
  readonly field: string;
  readonly transformations?: readonly { readonly type: string; readonly subtype?: string; readonly description?: string; readonly masking?: boolean }[];
}

/** Output column → the input columns it comes from (the `fields` of OpenLineage's columnLineage facet). */
export type ColumnLineage = Readonly<Record<string, { readonly inputFields: readonly InputField[] }>>;

/** The asset's SQL in DuckDB's dialect, refs as `schema.table`, macros as parameters (what column lineage reads). */
export function lineageSql(graph: AssetGraph, key: string): string | undefined {
  const compute = graph.get(key).compute;
  if (compute.kind !== "sql") return undefined;
  return renderSql(compute, { dialect: duckdbDialect, ref: (ref) => duckdbDialect.tableName(ref.key), macros: { partitionKey: "", partitionStart: "", partitionEnd: "" } }).text;
}

/**
 * Which input columns each output column of a SQL asset reads, derived from its SQL with
 * `@polyglot-sql/sdk` against the declared columns of the assets it refs (each input named by
 * `datasetOf`). Undefined for assets not computed by SQL, or SQL it cannot trace.
 */
export async function columnLineageOf(graph: AssetGraph, key: string, datasetOf: (key: string) => DatasetId, producer: string): Promise<ColumnLineage | undefined> {
  const sql = lineageSql(graph, key);
  if (sql === undefined) return undefined;
  const node = graph.get(key);
  const parents = [...new Set(node.dependencies.map((d) => d.key))];
  const tableOf = (k: string) => duckdbDialect.tableName(k).replace(/"/g, "");
  const polyglot = await loadPolyglot();
  const result = polyglot.openLineageColumnLineage(sql, {
    dialect: "duckdb",
    producer,
    outputDataset: datasetOf(key),
    datasetMappings: Object.fromEntries(parents.map((p) => [tableOf(p), datasetOf(p)])),
    schema: { strict: false, tables: parents.map((p) => ({ name: tableOf(p), columns: Object.keys(graph.get(p).columns).map((name) => ({ name, type: "VARCHAR" })) })) },
  });
  if (!result.success || result.facet === undefined) return undefined;
  const fields: Record<string, { inputFields: InputField[] }> = {};
  for (const [column, field] of Object.entries(result.facet.fields)) {
    fields[column] = { inputFields: field.inputFields.map((f) => ({ namespace: f.namespace, name: f.name, field: f.field, ...(f.transformations === undefined ? {} : { transformations: f.transformations }) })) };
  }
  return fields;
}
