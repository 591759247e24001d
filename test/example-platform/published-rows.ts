import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { OpenRuntime } from "../../runtime/run/open-runtime.ts";

/** The `select`ed values of an asset's published version, as DuckDB reads its files. */
export async function publishedRows(runtime: OpenRuntime, key: string, select: string): Promise<Record<string, unknown>[]> {
  const [version] = await runtime.state.publishedVersions(key);
  if (version === undefined) return [];
  const db = await DuckDBInstance.create(":memory:");
  const reader = await db.connect();
  try {
    const files = version.files.map((f) => `'${join(runtime.workspace.dataDir, f)}'`).join(", ");
    return (await reader.runAndReadAll(`select ${select} from read_parquet([${files}]) order by all`)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    reader.closeSync();
    db.closeSync();
  }
}
