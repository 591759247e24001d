import type { AssetGraph, AssetNode, ColumnType } from "lakeform";
import { columnTypes } from "./column-types.ts";
import type { Environment } from "./environment.ts";
import { databaseName, tableLocation, tableName } from "./naming.ts";
import type { TableColumn, TablePartitioning, TablePlan } from "./platform-plan.ts";

const STRING: ColumnType = Object.freeze({ kind: "string" });
const TIMESTAMP: ColumnType = Object.freeze({ kind: "timestamp" });

/** What the loader adds to every landed row of a source. */
const LOAD_METADATA: readonly TableColumn[] = [
  { name: "_loaded_at", type: TIMESTAMP, description: "When Lakeform landed the row" },
  { name: "_source_file", type: STRING, description: "The landed file the row came from" },
  { name: "_batch_id", type: STRING, description: "The load batch, the same on every retry" },
].map(({ name, type, description }) => Object.freeze({ name, type, types: columnTypes(type), nullable: false, primaryKey: false, description, loadMetadata: true as const }));

function columnsOf(node: AssetNode): { columns: TableColumn[]; dropped: string[] } {
  const columns: TableColumn[] = [];
  const dropped: string[] = [];
  for (const [name, spec] of Object.entries(node.columns)) {
    if (spec.pii?.treatment === "drop") {
      dropped.push(name);
      continue;
    }
    const type = spec.type;
    columns.push(
      Object.freeze({
        name,
        type,
        types: columnTypes(type),
        nullable: spec.nullable,
        primaryKey: spec.primaryKey,
        ...(spec.description === undefined ? {} : { description: spec.description }),
        ...(spec.pii === undefined ? {} : { pii: Object.freeze({ kind: spec.pii.kind, treatment: spec.pii.treatment as "hash" | "mask" }) }),
        ...(spec.deprecated === undefined ? {} : { deprecated: spec.deprecated }),
      }),
    );
  }
  if (node.kind === "source") columns.push(...LOAD_METADATA);
  return { columns, dropped };
}

function partitioningOf(node: AssetNode): TablePartitioning | undefined {
  const spec = node.partitions;
  if (spec === undefined) return undefined;
  if (spec.kind === "static") return Object.freeze({ column: "key", kind: "static" });
  return Object.freeze({ column: "dt", kind: "time", granularity: spec.granularity, timezone: spec.timezone });
}

/** One table per asset, sources included, in the graph's order; dropped PII columns are left out. */
export function planTables(graph: AssetGraph, environment: Environment): TablePlan[] {
  return graph.nodes().map((node) => {
    const { columns, dropped } = columnsOf(node);
    const partitioning = partitioningOf(node);
    return Object.freeze({
      asset: node.key,
      kind: node.kind,
      tier: node.tier,
      database: databaseName(environment, node.tier),
      name: tableName(node),
      ...(node.description === undefined ? {} : { description: node.description }),
      columns: Object.freeze(columns),
      ...(partitioning === undefined ? {} : { partitioning }),
      location: tableLocation(environment, node),
      owners: Object.freeze([...node.owners]),
      tags: Object.freeze([...node.tags]),
      ...(node.group === undefined ? {} : { group: node.group }),
      ...(node.retentionDays === undefined ? {} : { retentionDays: node.retentionDays }),
      droppedPiiColumns: Object.freeze(dropped),
      protected: environment.protectData,
    });
  });
}
