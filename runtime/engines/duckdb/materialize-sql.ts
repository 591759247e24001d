import { LakeformError } from "../../core/errors.ts";
import { describedColumns, driftOf, missingColumnsError } from "./returned-columns.ts";
import type { SqlTemplate } from "../../core/declare/sql-template.ts";
import { duckdbDialect } from "../../core/sql/dialects.ts";
import { renderSql, type RenderedSql } from "../../core/sql/render-sql.ts";
import type { PartitionWork, WrittenPartition } from "./partition-work.ts";
import { localPathFor } from "./local-files.ts";
import { publishedColumns } from "../published-columns.ts";
import { assetSqlError } from "./duckdb-errors.ts";
import type { DuckDBSession } from "./duckdb-session.ts";
import { assetTimeZone } from "./partition-time-zone.ts";
import { macroValues } from "../../core/partitions/partition-macros.ts";
import { relationSql } from "./relations.ts";
import { identifier, stringLiteral } from "./sql-literals.ts";

export { macroValues };

/** Renders an asset's SQL for DuckDB: refs become scans of the mapped published files. */
export function renderAssetSql(template: SqlTemplate, request: Pick<PartitionWork, "partition" | "window" | "node" | "inputs">, self?: string): RenderedSql {
  return renderSql(template, {
    dialect: duckdbDialect,
    ref: (ref) => {
      const input = request.inputs.get(ref.key);
      if (input === undefined) throw new LakeformError(`Asset "${request.node.key}": "${ref.key}" is not among the inputs prepared for it. Fix: declare the dependency with ref().`);
      return relationSql(input);
    },
    macros: macroValues(request),
    ...(self === undefined ? {} : { self }),
  });
}

/**
 * Materialises an SQL asset: streams the result of its SQL, the declared columns projected by
 * name and cast to their declared types, into one Parquet file. Rows never pass through
 * JavaScript. The SQL runs in the time zone of the asset's partitions (`assetTimeZone`).
 *
 * The columns the SQL returns are checked against the declaration without a statement of their
 * own on the critical path: the COPY names the declared columns, so it fails when one is
 * missing (then a DESCRIBE finds which, for an error naming them and the fix); the columns it
 * returns beyond them (schema drift) are bound on a second connection while the COPY runs
 * (`DuckDBSession.columnNamesOf`).
 */
export async function materializeSql(session: DuckDBSession, request: PartitionWork, template: SqlTemplate): Promise<WrittenPartition> {
  return session.inTimeZone(assetTimeZone(request.node.partitions), () => materializeSqlInZone(session, request, template));
}

async function materializeSqlInZone(session: DuckDBSession, request: PartitionWork, template: SqlTemplate): Promise<WrittenPartition> {
  const node = request.node;
  const at = node.definition.site.location;
  const rendered = renderAssetSql(template, request);
  const declaredColumns = publishedColumns(node.columns);
  const declared = declaredColumns.map(([name]) => name);
  const returned = session.columnNamesOf(rendered.text, rendered.params);
  returned.catch(() => undefined);
  const projection = declaredColumns.map(([name, c]) => `cast(q.${identifier(name)} as ${duckdbDialect.columnType(c.type)}) as ${identifier(name)}`);
  const copy = `COPY (select ${projection.join(", ")} from (\n${rendered.text}\n) as q) TO ${stringLiteral(localPathFor(request.output, node.key))} (FORMAT parquet, COMPRESSION zstd)`;
  let rows: number;
  try {
    rows = await session.run(copy, rendered.params);
  } catch (error) {
    // The failure path: which declared column is missing, if that is why; else the SQL's own error.
    let names: string[];
    try {
      names = await describedColumns(session, rendered);
    } catch (described) {
      throw assetSqlError(node.key, described, 2, at, template.site?.location);
    }
    throw missingColumnsError(node, declared, names) ?? assetSqlError(node.key, error, 2, at, template.site?.location);
  }
  // Bound beside the COPY; should the second connection fail to, the session's own describes the SQL.
  const names = await returned.catch(async () => {
    try {
      return await describedColumns(session, rendered);
    } catch (described) {
      throw assetSqlError(node.key, described, 2, at, template.site?.location);
    }
  });
  return { rows, drift: driftOf(declared, names) };
}
