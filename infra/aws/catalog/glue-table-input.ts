import { columnComment as sharedColumnComment } from "../../plan/column-comment.ts";
import type { TableColumn, TablePlan } from "../../plan/platform-plan.ts";

/** A Glue column as plain data (`name`, Hive `type`, `comment`). */
export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment?: string;
}

/** The inputs of one `aws.glue.CatalogTable`, as plain data. */
export interface GlueTableInput {
  readonly name: string;
  readonly databaseName: string;
  readonly description?: string;
  readonly tableType: "EXTERNAL_TABLE";
  readonly parameters: Readonly<Record<string, string>>;
  readonly partitionKeys: GlueColumn[];
  readonly storageDescriptor: {
    readonly location: string;
    readonly inputFormat: string;
    readonly outputFormat: string;
    readonly compressed: false;
    readonly storedAsSubDirectories: false;
    readonly serDeInfo: { readonly name: string; readonly serializationLibrary: string; readonly parameters: Readonly<Record<string, string>> };
    readonly columns: GlueColumn[];
  };
}

/** Parquet as Hive, Glue, Athena and Spark read it. */
export const PARQUET = Object.freeze({
  inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
  outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
  serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
});

/** Glue limits comments to 255 characters. */
const MAX_COMMENT = 255;
const clip = (text: string) => (text.length <= MAX_COMMENT ? text : `${text.slice(0, MAX_COMMENT - 1)}…`);

/** A column's Glue comment: its description, and for personal data its kind and treatment. */
export function columnComment(column: TableColumn): string | undefined {
  return sharedColumnComment(column, MAX_COMMENT);
}

/**
 * One asset's Glue table: an external Parquet table at `s3://<real bucket>/<prefix>`, every
 * column of the plan with its Glue type and comment, the plan's partition column as a string
 * partition key, and parameters naming the asset and its owners.
 *
 * @example glueTableInput(plan.tables[0], "lf-prod-raw-123456789012").storageDescriptor.location // "s3://lf-prod-raw-123456789012/raw/customers/"
 */
export function glueTableInput(table: TablePlan, bucket: string): GlueTableInput {
  return {
    name: table.name,
    databaseName: table.database,
    ...(table.description === undefined ? {} : { description: clip(table.description) }),
    tableType: "EXTERNAL_TABLE",
    parameters: {
      EXTERNAL: "TRUE",
      classification: "parquet",
      "lakeform.asset": table.asset,
      "lakeform.owners": table.owners.join(","),
      ...(table.partitioning === undefined ? {} : { "lakeform.partitioning": table.partitioning.granularity ?? table.partitioning.kind }),
    },
    partitionKeys: table.partitioning === undefined ? [] : [{ name: table.partitioning.column, type: "string", comment: table.partitioning.kind === "time" ? `Partition window start (${table.partitioning.granularity ?? "time"})` : "Static partition key" }],
    storageDescriptor: {
      location: `s3://${bucket}/${table.location.prefix}`,
      inputFormat: PARQUET.inputFormat,
      outputFormat: PARQUET.outputFormat,
      compressed: false,
      storedAsSubDirectories: false,
      serDeInfo: { name: "parquet", serializationLibrary: PARQUET.serializationLibrary, parameters: { "serialization.format": "1" } },
      columns: table.columns.map((column) => {
        const comment = columnComment(column);
        return { name: column.name, type: column.types.glue, ...(comment === undefined ? {} : { comment }) };
      }),
    },
  };
}
