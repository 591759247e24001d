import { dialectOf, type ColumnType } from "lakeform";
import type { ColumnTypes } from "./platform-plan.ts";

/** The Hive type Glue and Athena read Parquet columns as. */
function glueType(type: ColumnType): string {
  switch (type.kind) {
    case "string": return "string";
    case "int32": return "int";
    case "int64": return "bigint";
    case "double": return "double";
    case "decimal": return `decimal(${type.precision},${type.scale})`;
    case "boolean": return "boolean";
    case "date": return "date";
    case "timestamp": return "timestamp";
    case "json": return "string";
  }
}

/** A column type as each engine and the catalog write it. */
export function columnTypes(type: ColumnType): ColumnTypes {
  return Object.freeze({
    duckdb: dialectOf("duckdb").columnType(type),
    spark: dialectOf("spark").columnType(type),
    bigquery: dialectOf("bigquery").columnType(type),
    glue: glueType(type),
  });
}
