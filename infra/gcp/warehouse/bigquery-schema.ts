import type { ColumnType, PiiKind } from "lakeform";
import { columnComment } from "../../plan/column-comment.ts";
import type { TableColumn, TablePartitioning, TablePlan } from "../../plan/platform-plan.ts";

/** One field of a BigQuery table's schema (the JSON `gcp.bigquery.Table` takes as `schema`). */
export interface BigQueryField {
  readonly name: string;
  /** The API's canonical (legacy) type names, so the schema read back does not differ: `INTEGER`, `FLOAT`, `BOOLEAN`. */
  readonly type: string;
  readonly mode: "NULLABLE" | "REQUIRED";
  readonly description?: string;
  /** Decimal digits, as the API writes int64 values: text. */
  readonly precision?: string;
  readonly scale?: string;
  /** The policy tag of a column holding personal data. */
  readonly policyTags?: { readonly names: readonly string[] };
}

/** The policy tag's resource name (`projects/…/taxonomies/…/policyTags/…`) of each PII kind. */
export type PolicyTagNames = Readonly<Partial<Record<PiiKind, string>>>;

/** The BigQuery type of a column type: NUMERIC up to 29 integer digits and 9 decimals, BIGNUMERIC beyond. */
export function bigQueryType(type: ColumnType): Pick<BigQueryField, "type" | "precision" | "scale"> {
  switch (type.kind) {
    case "string": return { type: "STRING" };
    case "int32":
    case "int64": return { type: "INTEGER" };
    case "double": return { type: "FLOAT" };
    case "decimal": {
      const numeric = type.scale <= 9 && type.precision - type.scale <= 29;
      return { type: numeric ? "NUMERIC" : "BIGNUMERIC", precision: String(type.precision), scale: String(type.scale) };
    }
    case "boolean": return { type: "BOOLEAN" };
    case "date": return { type: "DATE" };
    case "timestamp": return { type: "TIMESTAMP" };
    case "json": return { type: "JSON" };
  }
}

/**
 * The column a table is partitioned by in BigQuery. The plan's tables are Hive-partitioned by
 * directory (`dt=2024-01-01/`), which BigQuery tables do not have: each partitioned table gets
 * a column of the partition's name holding the partition's start — `dt DATE` for daily and
 * monthly partitions (the window's first day in the partition's time zone), `dt TIMESTAMP` for
 * hourly ones (the window's first instant) — and static partitions a `key STRING` column. The
 * BigQuery engine writes it with every row.
 */
export function partitionField(partitioning: TablePartitioning): BigQueryField {
  if (partitioning.kind === "static") return { name: partitioning.column, type: "STRING", mode: "REQUIRED", description: "The static partition key of the row (Lakeform's partition column)" };
  const hourly = partitioning.granularity === "hourly";
  return {
    name: partitioning.column,
    type: hourly ? "TIMESTAMP" : "DATE",
    mode: "REQUIRED",
    description: `The start of the row's ${partitioning.granularity ?? "daily"} partition${hourly ? "" : ` in ${partitioning.timezone ?? "UTC"}`} (Lakeform's partition column)`,
  };
}

function fieldOf(column: TableColumn, tags: PolicyTagNames, asset: string): BigQueryField {
  const tag = column.pii === undefined ? undefined : tags[column.pii.kind];
  if (column.pii !== undefined && tag === undefined) throw new Error(`Asset "${asset}": column ${column.name} holds ${column.pii.kind} data, which has no policy tag. Fix: create the policy tags from the same plan (piiKindsOf) before the tables.`);
  // BigQuery allows 1,024 characters of description.
  const description = columnComment(column, 1024);
  return {
    name: column.name,
    ...bigQueryType(column.type),
    mode: column.nullable ? "NULLABLE" : "REQUIRED",
    ...(description === undefined ? {} : { description }),
    ...(tag === undefined ? {} : { policyTags: { names: [tag] } }),
  };
}

/**
 * The schema of an asset's BigQuery table: every column of the plan (dropped PII columns are
 * not in it) with its type, mode (declared nullability) and description, a policy tag on every
 * column holding personal data, then the partition column when the table is partitioned and
 * does not declare it itself.
 */
export function bigQuerySchema(table: Pick<TablePlan, "asset" | "columns" | "partitioning">, tags: PolicyTagNames): BigQueryField[] {
  const fields = table.columns.map((column) => fieldOf(column, tags, table.asset));
  const partitioning = table.partitioning;
  if (partitioning !== undefined && !fields.some((f) => f.name === partitioning.column)) fields.push(partitionField(partitioning));
  return fields;
}
