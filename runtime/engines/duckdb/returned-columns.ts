import { LakeformError } from "../../core/errors.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import type { RenderedSql } from "../../core/sql/render-sql.ts";
import type { SchemaDrift } from "../../core/schema-drift.ts";
import type { DuckDBSession } from "./duckdb-session.ts";

/** The names of the columns an asset's rendered SQL returns, from a DESCRIBE on the session's own connection (in its time zone). */
export async function describedColumns(session: DuckDBSession, rendered: RenderedSql): Promise<string[]> {
  return (await session.all(`DESCRIBE (\n${rendered.text}\n)`, rendered.params)).map((r) => String(r.column_name));
}

/**
 * The error for declared columns an asset's SQL does not return, naming them, what it returns
 * and the fix; undefined when it returns every one.
 */
export function missingColumnsError(node: Pick<AssetNode, "key" | "definition">, declared: readonly string[], returned: readonly string[]): LakeformError | undefined {
  const missing = declared.filter((name) => !returned.includes(name));
  if (missing.length === 0) return undefined;
  const at = node.definition.site.location;
  const them = missing.length === 1 ? "it" : "them";
  return new LakeformError(
    `Asset "${node.key}": its SQL returns no column ${missing.map((m) => `"${m}"`).join(", ")} (it returns ${returned.join(", ")}). Fix: select ${them} in the SQL, or remove ${them} from the declared columns${at === undefined ? "" : ` at ${at}`}.`,
  );
}

/** Schema drift of a written partition: the columns the SQL returned beyond the declared ones (the missing ones fail before anything is written). */
export function driftOf(declared: readonly string[], returned: readonly string[]): SchemaDrift {
  return { missing: [], unexpected: returned.filter((name) => !declared.includes(name)) };
}
