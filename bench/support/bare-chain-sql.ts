import { join } from "node:path";
import type { AssetGraph } from "lakeform";
import type { InputRelation } from "../../runtime/engines/engine.ts";
import { localFiles } from "../../runtime/storage/data-location.ts";
import { renderAssetSql } from "../../runtime/engines/duckdb/materialize-sql.ts";
import { fileList, identifier, stringLiteral } from "../../runtime/engines/duckdb/sql-literals.ts";
import { duckdbDialect } from "../../runtime/core/sql/dialects.ts";
import { publishedColumns } from "../../runtime/engines/published-columns.ts";
import { auditQueries } from "./audit-queries.ts";

/** What a statement is for: the asset's COPY, the binding of its query on the second connection beside it, the audit's scan. */
export type BareStatementKind = "bind" | "copy" | "scan";

/** Which statements a bare chain issues per asset. */
export type BareChainShape = "copy" | "copy-and-check" | "as-lakeform";

/** The statements one asset of a chain costs in SQL. */
export interface BareChainStep {
  readonly key: string;
  readonly statements: readonly { readonly kind: BareStatementKind; readonly sql: string }[];
}

/**
 * The SQL a run of `graph` (a chain) issues to DuckDB, written to Parquet files in `dir`:
 * each asset's COPY exactly as `materializeSql` writes it, reading its parent's file (`copy`);
 * plus the audit's fused scan read straight from the file (`copy-and-check`); or everything the
 * engine issues: the query bound on the session's second connection beside the COPY (its column
 * names, for schema drift: `sql` is the query itself) and the audit's one fused scan of the file
 * (`as-lakeform`: a version this small is audited by that scan alone, see `STATISTICS_FROM_ROWS`).
 */
export function bareChainSql(graph: AssetGraph, dir: string, shape: BareChainShape): BareChainStep[] {
  const files = new Map<string, string>();
  return graph.keys.map((key, i) => {
    const node = graph.get(key);
    const inputs = new Map<string, InputRelation>();
    for (const dependency of node.dependencies) {
      const parent = graph.get(dependency.key);
      inputs.set(parent.key, { key: parent.key, files: [localFiles(files.get(parent.key) ?? "")], columns: parent.columns, hasLoadMetadata: false });
    }
    if (node.compute.kind !== "sql") throw new Error(`"${key}" is not an SQL asset`);
    const rendered = renderAssetSql(node.compute, { node, partition: "", window: undefined, inputs });
    if (rendered.params.length > 0) throw new Error(`"${key}": the bare chain runs SQL without parameters`);
    const output = join(dir, `${i}.parquet`);
    files.set(key, output);
    const projection = publishedColumns(node.columns).map(([name, c]) => `cast(q.${identifier(name)} as ${duckdbDialect.columnType(c.type)}) as ${identifier(name)}`);
    const copy = `COPY (select ${projection.join(", ")} from (\n${rendered.text}\n) as q) TO ${stringLiteral(output)} (FORMAT parquet, COMPRESSION zstd)`;
    if (shape === "copy") return { key, statements: [{ kind: "copy", sql: copy }] };
    const audit = auditQueries(node, output);
    if (audit.fusedScan.params.length > 0) throw new Error(`"${key}": the bare chain runs checks without parameters`);
    if (shape === "copy-and-check") return { key, statements: [{ kind: "copy", sql: copy }, { kind: "scan", sql: audit.fusedScanOf(`read_parquet(${fileList([output])})`) }] };
    return {
      key,
      statements: [
        { kind: "bind", sql: rendered.text },
        { kind: "copy", sql: copy },
        { kind: "scan", sql: audit.fusedScanOf(`read_parquet(${fileList([output])})`) },
      ],
    };
  });
}
