import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { LakeformError } from "../../core/errors.ts";
import { schemaAndTable } from "../../core/sql/dialect.ts";
import type { InputRelation } from "../engine.ts";
import { duckdbReason } from "./duckdb-errors.ts";
import { localPathFor } from "./local-files.ts";
import { relationSql } from "./relations.ts";
import { identifier, stringLiteral } from "./sql-literals.ts";

/** What the sandbox served, and the published assets it could not (a damaged or missing file). */
export interface SandboxedResult {
  readonly rows: Record<string, unknown>[];
  /** Asset key → why its view could not be created; the query ran without it. */
  readonly unavailable: ReadonlyMap<string, string>;
}

/** Settings of a sandbox: DuckDB's memory cap and how many threads it may use. */
export interface SandboxSettings {
  /** @default "1GB" */
  readonly memoryLimit?: string;
  /** @default 2 */
  readonly threads?: number;
}

async function createViews(connection: DuckDBConnection, views: readonly InputRelation[]): Promise<Map<string, string>> {
  const unavailable = new Map<string, string>();
  for (const view of views) {
    const [schema, table] = schemaAndTable(view.key);
    await connection.run(`create schema if not exists ${identifier(schema)}`);
    try {
      await connection.run(`create view ${identifier(schema)}.${identifier(table)} as select * from ${relationSql(view)}`);
    } catch (error) {
      unavailable.set(view.key, duckdbReason(error));
    }
  }
  return unavailable;
}

/** Words that start a read (DuckDB turns DESCRIBE, SHOW and SUMMARIZE into SELECTs). */
const READ_WORDS = new Set(["select", "with", "from", "values", "table", "describe", "show", "summarize", "("]);

/**
 * Refuses anything but reads before anything is bound or run: DuckDB's parser serialises only
 * SELECT statements (`json_serialize_sql`), so a COPY, ATTACH, INSTALL, SET, PRAGMA or CREATE is
 * known without touching a file. Syntax errors are left for the query itself to report.
 */
export async function assertReadOnly(connection: DuckDBConnection, sql: string): Promise<void> {
  const reader = await connection.runAndReadAll("select json_serialize_sql($1::VARCHAR) as parsed", [sql]);
  const parsed = JSON.parse(String(reader.getRowObjectsJson()[0]?.parsed ?? "{}")) as { error?: boolean; error_type?: string };
  if (parsed.error !== true || parsed.error_type === "parser") return;
  const words = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ").split(";").map((part) => part.trim().split(/\s+/)[0]?.toLowerCase() ?? "").filter((w) => w !== "");
  const found = words.find((w) => !READ_WORDS.has(w))?.toUpperCase() ?? "a statement that is not a SELECT";
  throw new LakeformError(
    `Query refused: only SELECT statements are allowed, and this has ${found}. \`lakeform query\` is read-only over the published assets: no COPY, ATTACH, INSTALL, SET, PRAGMA or file access. Fix: select from the asset tables; to change data, change the asset and run \`lakeform materialize\``,
  );
}

/**
 * Runs `sql` read-only over the published assets, in a DuckDB instance of its own that can see
 * nothing else: one view per published asset is created, then external access is disabled
 * except for exactly the published files (`allowed_paths`), the configuration is locked, and
 * only SELECT statements are accepted. `read_csv('/etc/passwd')`, unpublished versions,
 * landing files, `COPY … TO`, `ATTACH`, `INSTALL` and `SET` are all refused. The session time
 * zone is UTC on every host. A view that cannot be created (a damaged file) leaves its asset
 * out and is reported, so the others can still be queried.
 */
export async function runSandboxedQuery(sql: string, views: readonly InputRelation[], settings: SandboxSettings = {}): Promise<SandboxedResult> {
  const instance = await DuckDBInstance.create(":memory:", {
    memory_limit: settings.memoryLimit ?? "1GB",
    threads: String(settings.threads ?? 2),
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  });
  const connection = await instance.connect();
  try {
    // The TimeZone option needs ICU loaded, so it is set on the connection rather than at creation.
    await connection.run("SET TimeZone = 'UTC'");
    await assertReadOnly(connection, sql);
    const unavailable = await createViews(connection, views);
    const paths = views.filter((v) => !unavailable.has(v.key)).flatMap((v) => v.files.map((f) => localPathFor(f)));
    // Exactly the published files; a version given as a prefix, the folder below it.
    await connection.run(`set allowed_paths = [${paths.filter((p) => !p.endsWith("/")).map(stringLiteral).join(", ")}]`);
    await connection.run(`set allowed_directories = [${paths.filter((p) => p.endsWith("/")).map(stringLiteral).join(", ")}]`);
    await connection.run("set enable_external_access = false");
    await connection.run("set lock_configuration = true");
    await assertReadOnly(connection, sql);
    const reader = await connection.runAndReadAll(sql);
    return { rows: reader.getRowObjectsJson() as Record<string, unknown>[], unavailable };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
