import type { RowGroupStatistics, StagedStatistics } from "../../../core/checks/settle-statistics.ts";
import type { DataLocation } from "../../../storage/data-location.ts";
import type { DuckDBSession } from "../duckdb-session.ts";
import { fileList } from "../sql-literals.ts";

/**
 * The statistics of staged Parquet files, read from their footers only (`parquet_metadata`: no
 * data page is read): per row group and column, the values, the null count and min/max as
 * DuckDB renders them (in the session's UTC), with whether they are exact. One small query; what
 * they settle is decided in `settleFromStatistics`.
 */
export async function parquetStatistics(session: DuckDBSession, files: readonly DataLocation[]): Promise<StagedStatistics> {
  const rows = await session.all(
    `select file_name, row_group_id, row_group_num_rows, path_in_schema, num_values, stats_null_count, stats_min, stats_max, coalesce(min_is_exact and max_is_exact, false) as exact from parquet_metadata(${fileList(files)})`,
  );
  const groups: RowGroupStatistics[] = [];
  const rowGroups = new Map<string, number>();
  for (const r of rows) {
    rowGroups.set(`${String(r.file_name)}#${String(r.row_group_id)}`, Number(r.row_group_num_rows));
    groups.push({
      column: String(r.path_in_schema),
      values: Number(r.num_values),
      nulls: r.stats_null_count === null ? null : Number(r.stats_null_count),
      min: r.stats_min === null ? null : String(r.stats_min),
      max: r.stats_max === null ? null : String(r.stats_max),
      exact: r.exact === true,
    });
  }
  const sizes = [...rowGroups.values()];
  return { rows: sizes.reduce((sum, n) => sum + n, 0), rowGroupRows: Math.max(0, ...sizes), groups };
}
