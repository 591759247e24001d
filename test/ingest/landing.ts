import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { buildAssetGraph, type AssetDefinition } from "lakeform";
import { DuckDBEngine } from "../../runtime/engines/duckdb/duckdb-engine.ts";
import { localFiles } from "../../runtime/storage/data-location.ts";

/** A file to land: text, or rows written as Parquet by DuckDB from a SELECT. */
export type LandedContent = string | { readonly parquetFrom: string };

/**
 * Lands files for one source straight through the DuckDB engine's landing loader (no CLI, no state), one engine
 * reused across calls, and reads back what it wrote.
 */
export class Landing {
  private constructor(
    readonly dir: string,
    private readonly engine: DuckDBEngine,
    private readonly reader: DuckDBConnection,
  ) {}

  static async open(): Promise<Landing> {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-landing-"));
    const engine = await DuckDBEngine.create({ tempDirectory: dir, memoryLimit: "512MB" });
    const reader = await (await DuckDBInstance.create(":memory:")).connect();
    await reader.run("SET TimeZone = 'UTC'");
    return new Landing(dir, engine, reader);
  }

  private count = 0;
  private lastOutput = "";

  /** Lands `files` (relative path → content) as `definition`; returns the rows published, or throws the engine's error. */
  async land(definition: AssetDefinition, files: Readonly<Record<string, LandedContent>>, piiKey?: string): Promise<Record<string, unknown>[]> {
    const node = buildAssetGraph([definition]).get(definition.key);
    const run = ++this.count;
    const landing = Object.entries(files).map(([relativePath, content]) => {
      const path = join(this.dir, `${run}-${relativePath.replaceAll("/", "_")}`);
      if (typeof content === "string") writeFileSync(path, content);
      return { path, relativePath, content, batchId: `b${run}`, loadedAt: new Date("2026-11-28T00:00:00Z") };
    });
    for (const f of landing) if (typeof f.content !== "string") await this.reader.run(`COPY (${f.content.parquetFrom}) TO '${f.path}' (FORMAT parquet)`);
    const outputPath = join(this.dir, `${run}-out.parquet`);
    await this.engine.loadLanding({ node, partition: "", window: undefined, files: landing, piiKey: piiKey === undefined ? undefined : Buffer.from(piiKey), output: localFiles(outputPath) });
    this.lastOutput = outputPath;
    // Timestamps rendered by DuckDB in UTC (the client would render them in the host's zone).
    const types = Object.entries(await this.lastTypes()).filter(([name]) => !name.startsWith("_"));
    const columns = types.map(([name, type]) => (type === "TIMESTAMP WITH TIME ZONE" ? `cast("${name}" as VARCHAR) as "${name}"` : `"${name}"`));
    const result = await this.reader.runAndReadAll(`select ${columns.join(", ")} from read_parquet('${outputPath}')`);
    return result.getRowObjectsJson() as Record<string, unknown>[];
  }

  /** The DuckDB types of the columns the last `land` wrote. */
  async lastTypes(): Promise<Record<string, string>> {
    const rows = (await this.reader.runAndReadAll(`DESCRIBE select * from read_parquet('${this.lastOutput}')`)).getRowObjectsJson();
    return Object.fromEntries(rows.map((r) => [String(r.column_name), String(r.column_type)]));
  }

  close(): void {
    this.reader.closeSync();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
