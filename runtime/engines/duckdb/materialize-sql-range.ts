import { randomUUID } from "node:crypto";
import { copyFile, readdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { LakeformError } from "../../core/errors.ts";
import { isContiguous, isRangeNode, MAX_RANGE_PARTITIONS, type RangeNode } from "../../core/partitions/range-eligibility.ts";
import { windowOf } from "../../core/partitions/time-window.ts";
import { duckdbDialect } from "../../core/sql/dialects.ts";
import type { SqlTemplate } from "../../core/declare/sql-template.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import type { EngineRequest, InputRelation, PartitionOutput, PartitionTarget } from "../engine.ts";
import { publishedColumns } from "../published-columns.ts";
import { assetSqlError } from "./duckdb-errors.ts";
import type { DuckDBSession } from "./duckdb-session.ts";
import { localPathFor } from "./local-files.ts";
import { renderAssetSql } from "./materialize-sql.ts";
import { relationSql } from "./relations.ts";
import { describedColumns, driftOf, missingColumnsError } from "./returned-columns.ts";
import { fileList, identifier, stringLiteral } from "./sql-literals.ts";

/** The column the range's rows are split by (not written: Hive partitioning keeps it in the folder name). */
const PARTITION = "__lakeform_partition";
/** The folder DuckDB writes rows whose key is NULL to. */
const NULL_FOLDER = "__HIVE_DEFAULT_PARTITION__";
const KEY_FORMAT = { hourly: "%Y-%m-%dT%H", daily: "%Y-%m-%d", monthly: "%Y-%m" } as const;

type RangeRequest = EngineRequest & { readonly node: AssetNode & RangeNode };

/**
 * Whether the DuckDB engine computes `request` as one range (see {@link materializeSqlRange}):
 * two or more consecutive partitions, at most {@link MAX_RANGE_PARTITIONS}, of an asset that can
 * run as ranges (`rangeIneligibility`). Otherwise its partitions run one after the other.
 */
export function isRangeRequest(request: EngineRequest): request is RangeRequest {
  const node = request.node;
  if (request.partitions.length < 2 || request.partitions.length > MAX_RANGE_PARTITIONS || !isRangeNode(node)) return false;
  return isContiguous(node.partitions, request.partitions.map((p) => p.partition));
}

/** One relation per parent: the files of every partition's inputs, each file once. */
function unionOfInputs(targets: readonly PartitionTarget[]): Map<string, InputRelation> {
  const union = new Map<string, InputRelation>();
  for (const target of targets) {
    for (const [key, input] of target.inputs) {
      const files = new Map((union.get(key)?.files ?? []).map((f) => [JSON.stringify(f), f]));
      for (const file of input.files) files.set(JSON.stringify(file), file);
      union.set(key, { ...input, files: [...files.values()] });
    }
  }
  return union;
}

/** The partition key of a row, from its (declared, cast) partition column, in the partitions' time zone. */
function keySql(node: RangeNode): string {
  const { column, timezone, granularity } = node.partitions;
  const value = node.columns[column]?.type.kind === "date" ? `p.${identifier(column)}` : `timezone(${stringLiteral(timezone)}, p.${identifier(column)})`;
  return `strftime(${value}, ${stringLiteral(KEY_FORMAT[granularity])})`;
}

/** Moves a file within one file system (a copy where a rename cannot cross). */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

/** The files DuckDB wrote into the scratch folder, by the key of their Hive folder (`NULL_FOLDER` for rows without a key). */
async function writtenFiles(scratch: string): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  for (const folder of await readdir(scratch).catch(() => [])) {
    const key = decodeURIComponent(folder.slice(PARTITION.length + 1));
    const files = (await readdir(join(scratch, folder))).filter((f) => f.endsWith(".parquet")).sort();
    byKey.set(key, files.map((f) => join(scratch, folder, f)));
  }
  return byKey;
}

async function rowsOf(session: DuckDBSession, files: readonly string[]): Promise<Map<string, number>> {
  if (files.length === 0) return new Map();
  const rows = await session.all(`select file_name, num_rows from parquet_file_metadata(${fileList(files)})`);
  return new Map(rows.map((r) => [String(r.file_name), Number(r.num_rows)]));
}

/** The error for rows the range's SQL returned outside the range's partitions, or without a value in the partition column. */
function outsideRangeError(node: RangeNode, keys: readonly string[], outside: number, nulls: number, examples: readonly string[]): LakeformError {
  const column = node.partitions.column;
  const range = `${keys[0] ?? ""} … ${keys.at(-1) ?? ""}`;
  const rows = (n: number, one: string, many: string) => `${n} ${n === 1 ? `row ${one}` : `rows ${many}`}`;
  const what = [
    outside > 0 ? `${rows(outside, "falls", "fall")} outside the range ${range} on its partition column "${column}" (${examples.join(", ")}${examples.length < 3 ? "" : ", …"})` : "",
    nulls > 0 ? `${rows(nulls, "has", "have")} no value in its partition column "${column}"` : "",
  ];
  return new LakeformError(`Asset "${node.key}": ${what.filter((s) => s !== "").join(", and ")}; nothing was written. Fix: filter its SQL on ${column} >= \${partitionStart} and ${column} < \${partitionEnd}${nulls > 0 ? `, and leave out rows where ${column} is null` : ""}.`);
}

/**
 * Computes consecutive partitions of an SQL asset in one statement: the SQL rendered once for
 * the whole range (`${partitionStart}` the first window's start, `${partitionEnd}` the last one's
 * end) over the union of the partitions' inputs, projected and cast to the declared columns as
 * `materializeSql` does, written with `COPY … PARTITION_BY` into a scratch folder split by the
 * partition column (in the partitions' time zone), then each partition's file moved to its
 * output; a partition without rows gets an empty file with the declared schema. Rows outside
 * the range, or without a value in the partition column, are an error and nothing is kept.
 * Rows per partition come from the Parquet footers.
 */
export async function materializeSqlRange(session: DuckDBSession, request: RangeRequest, cancelled: () => boolean): Promise<PartitionOutput[]> {
  const node = request.node;
  const template: SqlTemplate | undefined = node.compute.kind === "sql" ? node.compute : undefined;
  if (template === undefined) throw new Error(`Asset "${node.key}": only an SQL asset runs as a range`);
  const targets = request.partitions;
  const keys = targets.map((t) => t.partition);
  const first = targets[0]?.window ?? windowOf(node.partitions, keys[0] ?? "");
  const last = targets.at(-1)?.window ?? windowOf(node.partitions, keys.at(-1) ?? "");
  const outputs = targets.map((t) => localPathFor(t.output, node.key));
  const scratch = join(dirname(outputs[0] ?? "."), `range-${randomUUID()}`);
  const at = node.definition.site.location;
  const rendered = renderAssetSql(template, { node, partition: keys[0] ?? "", window: { start: first.start, end: last.end }, inputs: unionOfInputs(targets) });
  const declared = publishedColumns(node.columns);
  const moved: string[] = [];
  try {
    const returned = await session.inTimeZone(node.partitions.timezone, async () => {
      // One DESCRIBE for the whole range: missing columns fail before anything is written.
      let names: string[];
      try {
        names = await describedColumns(session, rendered);
      } catch (error) {
        throw assetSqlError(node.key, error, 2, at, template.site?.location);
      }
      const missing = missingColumnsError(node, declared.map(([name]) => name), names);
      if (missing !== undefined) throw missing;
      const projection = declared.map(([name, c]) => `cast(q.${identifier(name)} as ${duckdbDialect.columnType(c.type)}) as ${identifier(name)}`);
      const copy = `COPY (select p.*, ${keySql(node)} as ${PARTITION} from (select ${projection.join(", ")} from (\n${rendered.text}\n) as q) as p) TO ${stringLiteral(scratch)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${PARTITION}))`;
      // One open file per partition: past the limit DuckDB would split a partition into several files.
      await session.run(`SET partitioned_write_max_open_files = ${Math.max(100, targets.length + 1)}`);
      try {
        await session.run(copy, rendered.params);
      } catch (error) {
        throw assetSqlError(node.key, error, 2, at, template.site?.location);
      } finally {
        await session.run("RESET partitioned_write_max_open_files");
      }
      return names;
    });
    const written = await writtenFiles(scratch);
    const rows = await rowsOf(session, [...written.values()].flat());
    const count = (files: readonly string[] | undefined) => (files ?? []).reduce((n, f) => n + (rows.get(f) ?? 0), 0);
    const strays = [...written.keys()].filter((k) => !keys.includes(k));
    if (strays.length > 0) {
      const outside = strays.filter((k) => k !== NULL_FOLDER);
      throw outsideRangeError(node, keys, outside.reduce((n, k) => n + count(written.get(k)), 0), count(written.get(NULL_FOLDER)), outside.sort().slice(0, 3));
    }
    const drift = driftOf(declared.map(([name]) => name), returned);
    const results: PartitionOutput[] = [];
    for (const [i, target] of targets.entries()) {
      if (cancelled()) break;
      const output = outputs[i] ?? "";
      const files = written.get(target.partition) ?? [];
      moved.push(output);
      if (files.length === 1) await move(files[0] ?? "", output);
      // Several files for one partition (DuckDB split it), or none (no rows: the declared schema, empty).
      else await session.run(`COPY (select * from ${files.length === 0 ? relationSql({ key: node.key, files: [], columns: node.columns, hasLoadMetadata: false }) : `read_parquet(${fileList(files)})`}) TO ${stringLiteral(output)} (FORMAT parquet, COMPRESSION zstd)`);
      results.push({ partition: target.partition, output: target.output, rows: count(files), drift });
    }
    return results;
  } catch (error) {
    // Nothing half-written stays: the partitions moved so far go too.
    await Promise.all(moved.map((path) => rm(path, { force: true })));
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
