import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { once } from "node:events";
import { LakeformError } from "../../core/errors.ts";
import type { ColumnSpec } from "../../core/declare/column.ts";
import type { FnCompute, PartitionContext } from "../../core/declare/compute.ts";
import { rowSchema } from "../../core/declare/row-schema.ts";
import { duckdbDialect } from "../../core/sql/dialects.ts";
import type { InputRelation } from "../engine.ts";
import type { PartitionWork, WrittenPartition } from "./partition-work.ts";
import { localPathFor } from "./local-files.ts";
import { publishedColumns } from "../published-columns.ts";
import type { DuckDBSession } from "./duckdb-session.ts";
import { relationSql } from "./relations.ts";
import { identifier, stringLiteral } from "./sql-literals.ts";

/** How a column is read for JavaScript: numbers as DOUBLE, dates as `YYYY-MM-DD` text, json as text. */
function jsReadExpression(name: string, column: ColumnSpec): string {
  const id = identifier(name);
  switch (column.type.kind) {
    case "int64":
    case "decimal":
      return `cast(${id} as DOUBLE) as ${id}`;
    case "date":
      return `strftime(${id}, '%Y-%m-%d') as ${id}`;
    case "json":
      return `cast(${id} as VARCHAR) as ${id}`;
    default:
      return id;
  }
}

/** A parent's published rows as a typed stream: values converted to the declared TypeScript types. */
async function* rowsOf(session: DuckDBSession, input: InputRelation): AsyncIterable<Record<string, unknown>> {
  const columns = publishedColumns(input.columns);
  const select = columns.map(([name, c]) => jsReadExpression(name, c));
  if (input.hasLoadMetadata) select.push("_loaded_at", "_source_file", "_batch_id");
  const jsonColumns = columns.filter(([, c]) => c.type.kind === "json").map(([name]) => name);
  for await (const row of session.stream(`select ${select.join(", ")} from ${relationSql(input)}`)) {
    for (const name of jsonColumns) if (typeof row[name] === "string") row[name] = JSON.parse(row[name] as string);
    yield row;
  }
}

function toJsonLine(row: Record<string, unknown>, columns: readonly [string, ColumnSpec][]): string {
  const out: Record<string, unknown> = {};
  for (const [name, c] of columns) {
    const value = row[name];
    out[name] = value instanceof Date ? value.toISOString() : c.type.kind === "json" && value !== null ? JSON.stringify(value) : value;
  }
  return `${JSON.stringify(out)}\n`;
}

/**
 * Runs a TypeScript compute function: inputs stream in as typed rows, output rows are
 * validated against the declared columns as they come and spooled to disk, then DuckDB casts
 * them into Parquet. Memory stays bounded by the function itself.
 */
export async function materializeFn(session: DuckDBSession, request: PartitionWork, compute: FnCompute, scratchFile: string): Promise<WrittenPartition> {
  const node = request.node;
  const columns = publishedColumns(node.columns);
  const schema = rowSchema(node.columns);
  const inputs = Object.fromEntries(
    Object.entries(compute.inputs).map(([name, ref]) => {
      const input = request.inputs.get(ref.key);
      if (input === undefined) throw new LakeformError(`Asset "${node.key}": input "${name}" (${ref.key}) was not prepared. Fix: declare it in fn({ inputs }).`);
      return [name, rowsOf(session, input)];
    }),
  );
  const partition: PartitionContext | undefined =
    node.partitions === undefined ? undefined : { key: request.partition, ...(request.window === undefined ? {} : { start: request.window.start, end: request.window.end }) };
  await mkdir(dirname(scratchFile), { recursive: true, mode: 0o700 });
  const out = createWriteStream(scratchFile, { mode: 0o600 });
  let writeError: Error | undefined;
  out.on("error", (error) => (writeError = error));
  let rows = 0;
  try {
    const produced = await compute.run({ inputs, partition });
    for await (const row of produced as AsyncIterable<Record<string, unknown>>) {
      const parsed = schema.safeParse(row);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `column "${issue.path.join(".")}"` : "the row";
        throw new LakeformError(`Asset "${node.key}": row ${rows + 1} returned by its function does not match the declared columns: ${where}: ${issue?.message ?? "invalid"}. Fix: return rows shaped like RowOf<typeof columns>${node.definition.site.location === undefined ? "" : ` (declared at ${node.definition.site.location})`}.`);
      }
      if (writeError !== undefined) throw writeError;
      if (!out.write(toJsonLine(row, columns))) await once(out, "drain");
      rows++;
    }
  } catch (error) {
    out.destroy();
    await rm(scratchFile, { force: true });
    if (error instanceof LakeformError) throw error;
    throw new LakeformError(`Asset "${node.key}": its function threw: ${error instanceof Error ? error.message : String(error)}. Fix: see the stack trace with LAKEFORM_DEBUG=1.`, { cause: error });
  }
  out.end();
  if (!out.closed) await once(out, "close");
  if (writeError !== undefined) throw new LakeformError(`Asset "${node.key}": could not spool its rows to ${scratchFile}: ${(writeError as Error).message}. Fix: check the disk.`);
  const types = `{${columns.map(([name, c]) => `${stringLiteral(name)}: ${stringLiteral(c.type.kind === "json" || c.type.kind === "timestamp" || c.type.kind === "date" ? "VARCHAR" : duckdbDialect.columnType(c.type))}`).join(", ")}}`;
  const source = rows === 0 ? relationSql({ key: node.key, files: [], columns: node.columns, hasLoadMetadata: false }) : `read_json(${stringLiteral(scratchFile)}, format = 'newline_delimited', columns = ${types})`;
  const projection = columns.map(([name, c]) => `cast(${identifier(name)} as ${duckdbDialect.columnType(c.type)}) as ${identifier(name)}`);
  await session.run(`COPY (select ${projection.join(", ")} from ${source}) TO ${stringLiteral(localPathFor(request.output, node.key))} (FORMAT parquet, COMPRESSION zstd)`);
  await rm(scratchFile, { force: true });
  return { rows, drift: { missing: [], unexpected: [] } };
}
