import { LakeformError } from "../../core/errors.ts";
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
 * Materialises an SQL asset: checks the columns its SQL returns against the declaration
 * (a missing column is an error, an extra one is schema drift), then streams the result, cast
 * to the declared types, into one Parquet file. Rows never pass through JavaScript. The SQL runs
 * in the time zone of the asset's partitions (`assetTimeZone`).
 */
export async function materializeSql(session: DuckDBSession, request: PartitionWork, template: SqlTemplate): Promise<WrittenPartition> {
  return session.inTimeZone(assetTimeZone(request.node.partitions), () => materializeSqlInZone(session, request, template));
}

async function materializeSqlInZone(session: DuckDBSession, request: PartitionWork, template: SqlTemplate): Promise<WrittenPartition> {
  const node = request.node;
  const at = node.definition.site.location;
  const rendered = renderAssetSql(template, request);
  let returned: string[];
  try {
    returned = (await session.all(`DESCRIBE (\n${rendered.text}\n)`, rendered.params)).map((r) => String(r.column_name));
  } catch (error) {
    throw assetSqlError(node.key, error, 2, at, template.site?.location);
  }
  const declared = publishedColumns(node.columns);
  const missing = declared.map(([name]) => name).filter((name) => !returned.includes(name));
  if (missing.length > 0) {
    throw new LakeformError(
      `Asset "${node.key}": its SQL returns no column ${missing.map((m) => `"${m}"`).join(", ")} (it returns ${returned.join(", ")}). Fix: select ${missing.length === 1 ? "it" : "them"} in the SQL, or remove ${missing.length === 1 ? "it" : "them"} from the declared columns${at === undefined ? "" : ` at ${at}`}.`,
    );
  }
  const projection = declared.map(([name, c]) => `cast(q.${identifier(name)} as ${duckdbDialect.columnType(c.type)}) as ${identifier(name)}`);
  const copy = `COPY (select ${projection.join(", ")} from (\n${rendered.text}\n) as q) TO ${stringLiteral(localPathFor(request.output, node.key))} (FORMAT parquet, COMPRESSION zstd)`;
  let rows: number;
  try {
    rows = await session.run(copy, rendered.params);
  } catch (error) {
    throw assetSqlError(node.key, error, 2, at, template.site?.location);
  }
  return { rows, drift: { missing: [], unexpected: returned.filter((name) => !declared.some(([d]) => d === name)) } };
}
