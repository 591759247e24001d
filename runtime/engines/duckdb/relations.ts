import { duckdbDialect } from "../../core/sql/dialects.ts";
import type { InputRelation } from "../engine.ts";
import { publishedColumns } from "../published-columns.ts";
import { fileList, identifier } from "./sql-literals.ts";

/**
 * The SQL standing for a parent's published data: a Parquet scan of its files, or, when there
 * are none, an empty relation with the declared schema (so SQL over it still binds).
 */
export function relationSql(input: InputRelation): string {
  if (input.files.length > 0) return `read_parquet(${fileList(input.files)}, union_by_name = true, hive_partitioning = false)`;
  const columns = publishedColumns(input.columns).map(([name, c]) => `cast(null as ${duckdbDialect.columnType(c.type)}) as ${identifier(name)}`);
  if (input.hasLoadMetadata) columns.push("cast(null as TIMESTAMPTZ) as _loaded_at", "cast(null as VARCHAR) as _source_file", "cast(null as VARCHAR) as _batch_id");
  return `(select ${columns.join(", ")} where false)`;
}
